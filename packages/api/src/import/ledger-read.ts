import { Worker } from "node:worker_threads";
import { LedgerFileError, type LedgerFileErrorKind, type LedgerSheet } from "./ledger-file";

/**
 * How much a worker reading one ledger may take. A 50,000-row, 14-column ledger reads in a 64 MB heap (not in 32 MB), so 384 MB leaves room;
 * past the limit V8 stops the worker, not the server.
 */
export interface ReadLimits {
  /** The worker's old-generation heap, MB (worker_threads resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** Wall-clock time before the worker is terminated. */
  timeoutMs: number;
}

export const LEDGER_READ_LIMITS: ReadLimits = { memoryMb: 384, timeoutMs: 120_000 };

/** Workers reading at once; further reads wait. Each may hold up to memoryMb of heap. */
const MAX_READERS = 2;

/** What the worker posts back. */
export type WorkerAnswer = { sheet: LedgerSheet } | { refused: { kind: LedgerFileErrorKind; detail: string; rowsRead: number } };

const WORKER = new URL("./ledger-read-worker.mjs", import.meta.url);

let reading = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(read: () => Promise<T>): Promise<T> {
  if (reading >= MAX_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  reading++;
  try {
    return await read();
  } finally {
    reading--;
    waiting.shift()?.();
  }
}

/**
 * `readLedgerFile` in a worker thread with a heap limit and a deadline, so that a file crafted to
 * exhaust memory or time costs the worker, never the server: running out of either is a
 * LedgerFileError ("outOfMemory", "timeout") like any other unreadable file.
 */
export function readLedgerFileIsolated(
  bytes: Uint8Array,
  filename: string,
  limits: ReadLimits = LEDGER_READ_LIMITS,
): Promise<LedgerSheet> {
  return inTurn(
    () =>
      new Promise<LedgerSheet>((resolve, reject) => {
        // A copy of exactly these bytes, moved (not copied again) to the worker.
        const copy = new Uint8Array(bytes);
        const worker = new Worker(WORKER, {
          workerData: { bytes: copy, filename },
          transferList: [copy.buffer],
          // Not the parent's flags (vitest's, or --import tsx): the .mjs registers tsx itself.
          execArgv: [],
          resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
        });
        let settled = false;
        const settle = (finish: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          finish();
        };
        const timer = setTimeout(
          () => settle(() => reject(new LedgerFileError("timeout", `no answer in ${limits.timeoutMs} ms`))),
          limits.timeoutMs,
        );
        worker.once("message", (answer: WorkerAnswer) =>
          settle(() =>
            "sheet" in answer
              ? resolve(answer.sheet)
              : reject(new LedgerFileError(answer.refused.kind, answer.refused.detail, answer.refused.rowsRead)),
          ),
        );
        worker.once("error", (error: Error & { code?: string }) =>
          settle(() =>
            reject(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new LedgerFileError("outOfMemory", error.message) : error),
          ),
        );
        worker.once("exit", (code) => settle(() => reject(new Error(`the ledger reader exited with code ${code}`))));
      }),
  );
}
