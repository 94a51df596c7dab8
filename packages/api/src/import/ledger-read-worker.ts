/** Runs in the worker of ledger-read.ts: reads one file and posts the sheet, or why it cannot be read. */
import { parentPort, workerData } from "node:worker_threads";
import { LedgerFileError, readLedgerFile } from "./ledger-file";
import type { WorkerAnswer } from "./ledger-read";

const { bytes, filename } = workerData as { bytes: Uint8Array; filename: string };
let answer: WorkerAnswer;
try {
  answer = { sheet: await readLedgerFile(bytes, filename) };
} catch (error) {
  if (!(error instanceof LedgerFileError)) throw error;
  answer = { refused: { kind: error.kind, detail: error.detail, rowsRead: error.rowsRead } };
}
parentPort?.postMessage(answer);
