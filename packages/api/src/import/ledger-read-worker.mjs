// The ledger reader's worker thread. A worker starts with none of its parent's module loaders, so tsx is
// registered here: the reader (TypeScript) then loads alike under `npm start`, `node --import tsx` and
// vitest, and nothing is built.
import { register } from "tsx/esm/api";

register();
await import("./ledger-read-worker.ts");
