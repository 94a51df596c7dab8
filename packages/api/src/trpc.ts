/**
 * The tRPC set-up every router uses, in the order a request meets it:
 * 1. the context (database, clock, session, locale, cookies, log),
 * 2. initTRPC with an error formatter that keeps stacks, SQL and paths on the server,
 * 3. the base procedures: public, signed-in, and signed-in with one of some roles.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "@tracker/db";
import { chinaToday, type IsoDate, type Role } from "@tracker/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { fieldErrors } from "./field-errors";
import { type Locale, type MessageKey, message } from "./messages";
import type { LoginRateLimiter } from "./rate-limit";
import { DEFAULT_SESSION_POLICY, resolveSession, type SessionPolicy, type SessionUser } from "./session";

// 1. Context ---------------------------------------------------------------------------------------

/** What the HTTP layer gives a request: how to read and write the session cookie. */
export interface CookieJar {
  get(): string | undefined;
  set(token: string, maxAgeSeconds: number): void;
  clear(): void;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ContextOptions {
  db: Database;
  cookies: CookieJar;
  clientIp?: string | null;
  locale?: Locale;
  /** The clock; tests pass a fixed one so "today" is known. */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  log?: Logger;
  correlationId?: string;
  /** Sign-in attempts per address; none in tests that do not exercise it. */
  loginLimiter?: LoginRateLimiter;
  /** Failures in a row that lock an account, and for how long. */
  lockout?: { failures: number; minutes: number };
}

const silentLog: Logger = { info() {}, warn() {}, error() {} };

export async function createContext(options: ContextOptions) {
  const now = options.now ?? (() => new Date());
  const sessionPolicy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const token = options.cookies.get();
  const user = token ? await resolveSession(options.db, token, now(), sessionPolicy) : null;
  if (token && !user) options.cookies.clear();
  return {
    db: options.db,
    cookies: options.cookies,
    clientIp: options.clientIp ?? null,
    locale: options.locale ?? ("zh-CN" as Locale),
    now,
    /** Today's date in China Standard Time, from the context's clock. */
    today: (): IsoDate => chinaToday(now()),
    sessionPolicy,
    user,
    /** The session expired (as opposed to never having existed). */
    sessionExpired: Boolean(token && !user),
    log: options.log ?? silentLog,
    loginLimiter: options.loginLimiter ?? null,
    lockout: options.lockout ?? { failures: 5, minutes: 30 },
    correlationId: options.correlationId ?? randomUUID(),
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

// 2. initTRPC and the error formatter --------------------------------------------------------------

/** An error whose message is in the user's language. */
export function userError(
  ctx: { locale: Locale },
  code: TRPCError["code"],
  key: MessageKey,
  params?: Record<string, string | number>,
) {
  return new TRPCError({ code, message: message(ctx.locale, key, params) });
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const locale = ctx?.locale ?? "zh-CN";
    const correlationId = ctx?.correlationId ?? null;
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      // Log the real cause with its id; the client learns only the id.
      ctx?.log.error({ err: error.cause ?? error, correlationId, path: shape.data.path }, "internal error");
    } else {
      ctx?.log.info({ code: error.code, correlationId, path: shape.data.path, msg: error.message }, "request refused");
    }
    const safeMessage =
      error.code === "INTERNAL_SERVER_ERROR"
        ? message(locale, "internal", { id: correlationId ?? "-" })
        : zodError
          ? message(locale, "invalidInput")
          : shape.message;
    return {
      message: safeMessage,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        correlationId,
        fieldErrors: zodError ? fieldErrors(zodError, locale) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures --------------------------------------------------------------------------------------

/** Anyone, signed in or not (login, me). */
export const publicProcedure = t.procedure;

/** A signed-in user; UNAUTHORIZED otherwise. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw userError(ctx, "UNAUTHORIZED", ctx.sessionExpired ? "sessionExpired" : "unauthorized");
  return next({ ctx: { ...ctx, user: ctx.user as SessionUser } });
});

/** A signed-in user holding one of `roles`; FORBIDDEN otherwise. */
export function roleProcedure(...roles: Role[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw userError(ctx, "FORBIDDEN", "forbidden");
    return next();
  });
}
