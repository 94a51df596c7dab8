export { type Locale, pickLocale } from "./messages";
export { LoginRateLimiter } from "./rate-limit";
export { type AppRouter, appRouter, createCaller } from "./root";
export { DEFAULT_SESSION_POLICY, purgeSessions, type SessionPolicy, type SessionUser } from "./session";
export { type Context, type ContextOptions, type CookieJar, createContext, type Logger } from "./trpc";
