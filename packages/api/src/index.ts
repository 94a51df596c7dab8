import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { IDEMPOTENCY_KEY_TTL_MS, purgeIdempotencyKeys } from "./idempotency";
export { LEDGER_MAX_ROWS, ledgerTemplate } from "./import/ledger-file";
export {
  describeFileError,
  type ImportActor,
  type ImportResult,
  importLedger,
  loadLedgerRefs,
  readLedger,
} from "./import/ledger-import";
export { LEDGER_READ_LIMITS, type ReadLimits } from "./import/ledger-read";
export { type Locale, type MessageKey, message, pickLocale } from "./messages";
export { type AppRouter, appRouter, createCaller } from "./root";
export { DEFAULT_SESSION_POLICY, purgeSessions, type SessionPolicy, type SessionUser } from "./session";
export { type Context, type ContextOptions, type CookieJar, createContext, type Logger, type ProcedureMeta } from "./trpc";

/** What each procedure takes and returns, for the web (which never imports @trpc/server). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
