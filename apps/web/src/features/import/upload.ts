import type { ImportResult } from "@tracker/api";

export type ImportPhase = "upload" | "read" | "check" | "write";

/** Where each phase sits on the one progress bar, in percent. */
const SPANS: Record<ImportPhase, [number, number]> = {
  upload: [0, 40],
  read: [40, 50],
  check: [50, 70],
  write: [70, 100],
};

export function overallPercent(phase: ImportPhase, fraction: number): number {
  const [from, to] = SPANS[phase];
  return Math.round(from + (to - from) * Math.min(1, Math.max(0, fraction)));
}

/**
 * Sends a ledger file to POST /api/ledger/import and follows it: the upload's own progress, then the
 * server's NDJSON progress lines, then its result. XMLHttpRequest, because fetch reports no upload
 * progress.
 */
export function uploadLedger(
  file: File,
  options: { dryRun: boolean; locale: string; onProgress: (phase: ImportPhase, percent: number) => void },
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const params = new URLSearchParams({ filename: file.name, ...(options.dryRun ? { dryRun: "1" } : {}) });
    xhr.open("POST", `/api/ledger/import?${params}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-locale", options.locale);
    let seen = 0;
    let result: ImportResult | null = null;
    let failure: string | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf("\n");
      if (end < seen) return;
      for (const line of text.slice(seen, end).split("\n")) {
        if (!line.trim()) continue;
        const message = JSON.parse(line) as {
          progress?: { phase: ImportPhase; fraction: number };
          result?: ImportResult;
          error?: string;
        };
        if (message.progress)
          options.onProgress(message.progress.phase, overallPercent(message.progress.phase, message.progress.fraction));
        if (message.result) result = message.result;
        if (message.error) failure = message.error;
      }
      seen = end + 1;
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress("upload", overallPercent("upload", e.loaded / e.total));
    };
    xhr.onprogress = () => {
      if (xhr.status === 200) readLines();
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let error = `HTTP ${xhr.status}`;
        try {
          error = (JSON.parse(xhr.responseText) as { error?: string }).error ?? error;
        } catch {
          // Not JSON: the status says it.
        }
        reject(new Error(error));
        return;
      }
      readLines();
      if (result) resolve(result);
      else reject(new Error(failure ?? "no result"));
    };
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(file);
  });
}
