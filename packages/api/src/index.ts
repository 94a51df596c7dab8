export { IDEMPOTENCY_KEY_TTL_MS, purgeIdempotencyKeys } from "./idempotency";
export { ledgerTemplate } from "./import/ledger-file";
export { type ImportActor, type ImportResult, importLedger, loadLedgerRefs } from "./import/ledger-import";
export { type Locale, message, pickLocale } from "./messages";
export { LoginRateLimiter } from "./rate-limit";
export { type AppRouter, appRouter, createCaller } from "./root";
export { DEFAULT_SESSION_POLICY, purgeSessions, type SessionPolicy, type SessionUser } from "./session";
export { type Context, type ContextOptions, type CookieJar, createContext, type Logger } from "./trpc";
