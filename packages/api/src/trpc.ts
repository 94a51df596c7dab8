/**
 * The tRPC set-up every router uses, in the order a request meets it:
 * 1. the context (database, clock, session, locale, cookies, log),
 * 2. initTRPC with an error formatter that keeps stacks, SQL and paths on the server,
 * 3. the base procedures: public, signed-in, and signed-in with one of some roles; the public one turns
 *    what the database refused into the user's CONFLICT or BAD_REQUEST, never a 500,
 * 4. the transaction every write runs in: retried on deadlock and serialization failure.
 */
import { randomUUID } from "node:crypto";
import { type Database, isDatabaseUnavailable, isInvalidText, transaction } from "@tracker/db";
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottlePolicy } from "@tracker/db/queries";
import { chinaToday, type IsoDate, PASSWORD_MAX_AGE_DAYS, passwordExpired, ROLES, type Role } from "@tracker/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { refusalFor } from "./database-errors";
import { fieldErrors } from "./field-errors";
import { type Locale, type MessageKey, message } from "./messages";
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
  /**
   * Sign-in limits (kept in the database, shared by every server): attempts per address, none by
   * default (tests sign in hundreds of times from one address); failures in a row per account and
   * address before that pair is locked.
   */
  loginThrottle?: LoginThrottlePolicy;
  /** Days a password lives; 0: never expires. */
  passwordMaxAgeDays?: number;
  /** How many procedure calls the HTTP request carries (a tRPC batch); sign-in refuses more than one. */
  callsInRequest?: number;
}

const silentLog: Logger = { info() {}, warn() {}, error() {} };

export async function createContext(options: ContextOptions) {
  const now = options.now ?? (() => new Date());
  const sessionPolicy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const token = options.cookies.get();
  let user: SessionUser | null = null;
  let databaseUnavailable = false;
  try {
    user = token ? await resolveSession(options.db, token, now(), sessionPolicy) : null;
  } catch (error) {
    // PostgreSQL is away: the procedure answers SERVICE_UNAVAILABLE in the user's language (below),
    // and the session cookie is kept, since the session may well be valid.
    if (!isDatabaseUnavailable(error)) throw error;
    databaseUnavailable = true;
  }
  if (token && !user && !databaseUnavailable) options.cookies.clear();
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
    sessionExpired: Boolean(token && !user && !databaseUnavailable),
    /** The session could not be looked up because the database is unreachable. */
    databaseUnavailable,
    log: options.log ?? silentLog,
    loginThrottle: options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE,
    passwordMaxAgeDays: options.passwordMaxAgeDays ?? PASSWORD_MAX_AGE_DAYS,
    callsInRequest: options.callsInRequest ?? 1,
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

/**
 * What every procedure declares about itself: who may call it (`"anyone"` before sign-in). Set by the
 * procedure bases below, read by the tests that walk the router (`outputs.test.ts`).
 */
export interface ProcedureMeta {
  who: "anyone" | readonly Role[];
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const locale = ctx?.locale ?? "zh-CN";
      const correlationId = ctx?.correlationId ?? null;
      const zodError = error.cause instanceof z.ZodError ? error.cause : null;
      // Also caught by the base procedure; here for what fails before it (such as the context).
      const unavailable = error.code === "SERVICE_UNAVAILABLE" || isDatabaseUnavailable(error.cause);
      if (unavailable) {
        ctx?.log.warn({ err: error.cause ?? error, correlationId, path: shape.data.path }, "database unavailable");
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        // Log the real cause with its id; the client learns only the id.
        ctx?.log.error({ err: error.cause ?? error, correlationId, path: shape.data.path }, "internal error");
      } else {
        ctx?.log.info({ code: error.code, correlationId, path: shape.data.path, msg: error.message }, "request refused");
      }
      const safeMessage = unavailable
        ? message(locale, "databaseUnavailable", { id: correlationId ?? "-" })
        : error.code === "INTERNAL_SERVER_ERROR"
          ? message(locale, "internal", { id: correlationId ?? "-" })
          : zodError
            ? message(locale, "invalidInput")
            : shape.message;
      return {
        message: safeMessage,
        code: shape.code,
        data: {
          code: unavailable ? "SERVICE_UNAVAILABLE" : shape.data.code,
          httpStatus: unavailable ? 503 : shape.data.httpStatus,
          path: shape.data.path,
          correlationId,
          fieldErrors: zodError ? fieldErrors(zodError, locale) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** A middleware on the root context (e.g. the ownership rule, access.ts `ownProject`). */
export const createMiddleware = t.middleware;

// 3. Procedures --------------------------------------------------------------------------------------

/**
 * Anyone, signed in or not (login, me). Every procedure starts here: while the database is
 * unreachable it answers SERVICE_UNAVAILABLE (503) with a message to retry shortly, at once, instead
 * of a generic internal error; the connection comes back by itself when PostgreSQL does. A statement
 * the database refused (a constraint, a bad value, a deadlock retried to the end) becomes CONFLICT or
 * BAD_REQUEST in the user's language (`database-errors.ts`): the procedures check what they know
 * first, and this is the floor under them. Text that PostgreSQL cannot store (NUL, bytes that are
 * not UTF-8) is the caller's error, BAD_REQUEST, whichever field carried it past the schemas.
 */
export const publicProcedure = t.procedure.meta({ who: "anyone" }).use(async ({ ctx, next }) => {
  const unavailable = (cause?: unknown) =>
    new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: message(ctx.locale, "databaseUnavailable", { id: ctx.correlationId }),
      cause,
    });
  if (ctx.databaseUnavailable) throw unavailable();
  const result = await next();
  if (result.ok) return result;
  if (isDatabaseUnavailable(result.error.cause)) throw unavailable(result.error.cause);
  if (isInvalidText(result.error.cause)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: message(ctx.locale, "invalidText"), cause: result.error.cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    const refusal = refusalFor(result.error.cause, ctx.locale);
    if (refusal) {
      ctx.log.warn({ err: result.error.cause, correlationId: ctx.correlationId }, "the database refused the write");
      throw refusal;
    }
  }
  return result;
});

/** What a user whose password has expired may still do: see who they are, change it, leave. */
const WHILE_PASSWORD_EXPIRED = new Set(["auth.me", "auth.changePassword", "auth.logout"]);

/**
 * A signed-in user; UNAUTHORIZED otherwise. Once the password is past its maximum age every other
 * procedure answers FORBIDDEN until it is changed.
 */
export const protectedProcedure = publicProcedure.meta({ who: ROLES }).use(({ ctx, path, next }) => {
  if (!ctx.user) throw userError(ctx, "UNAUTHORIZED", ctx.sessionExpired ? "sessionExpired" : "unauthorized");
  if (!WHILE_PASSWORD_EXPIRED.has(path) && passwordExpired(ctx.user.passwordChangedAt, ctx.now(), ctx.passwordMaxAgeDays)) {
    throw userError(ctx, "FORBIDDEN", "passwordExpired", { days: ctx.passwordMaxAgeDays });
  }
  return next({ ctx: { ...ctx, user: ctx.user as SessionUser } });
});

/** A signed-in user holding one of `roles`; FORBIDDEN otherwise. */
export function roleProcedure(...roles: Role[]) {
  return protectedProcedure.meta({ who: roles }).use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw userError(ctx, "FORBIDDEN", "forbidden");
    return next();
  });
}

// 4. Writes ----------------------------------------------------------------------------------------

/**
 * The transaction every write runs in (`transaction` in @tracker/db): a deadlock or serialization
 * failure runs it again, up to five times with a short jittered pause, each retry logged with the
 * request's correlation id; what still fails is answered CONFLICT by the base procedure. Inside an
 * outer transaction (an idempotency key's) it is a savepoint, and the outer one is what retries.
 * The work must take the project lock first (`lockProject`) when it touches a project's records.
 */
export function writeTransaction<T>(ctx: Pick<Context, "db" | "log" | "correlationId">, work: (tx: Database) => Promise<T>) {
  return transaction(ctx.db, work, {
    onRetry: (retry) => ctx.log.warn({ ...retry, correlationId: ctx.correlationId }, "transaction retried"),
  });
}
