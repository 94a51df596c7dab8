/**
 * Idempotency keys for creates: a client that does not know whether its create went through (a
 * timeout, a dropped connection) sends it again with the same key and gets the first answer back,
 * not a second record. The same key with a different request is refused.
 *
 * How: the key row (per user) is inserted first, in the transaction that then runs the create and
 * stores its answer; the primary key (user_id, key) decides between concurrent requests. A second
 * request with the key waits on the first's uncommitted row, then reads its answer (or, if the first
 * failed and rolled back, runs itself). Only creates that succeeded are remembered: a refused one may
 * be retried with the same key once the user has fixed what was wrong.
 */
import { createHash } from "node:crypto";
import { type Database, hashPassword, schema, verifyPassword } from "@tracker/db";
import { textInput } from "@tracker/domain";
import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { SessionUser } from "./session";
import { type Context, userError, writeTransaction } from "./trpc";

const { idempotencyKeys } = schema;

/** How long a key is remembered: a retry comes within minutes; a day covers a client back online. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/**
 * The optional key a create takes beside its own input (tRPC merges the two): anything from 8 to 100
 * printable characters without spaces, typically a UUID the client makes when the user submits.
 */
export const idempotencyKeyInput = z.object({
  idempotencyKey: textInput()
    .min(8)
    .max(100)
    .regex(/^[\x21-\x7e]+$/, { message: "printable characters without spaces" })
    .optional(),
});

type SignedIn = Context & { user: SessionUser };

/** JSON with every object's keys sorted and undefined left out: equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The answer as it travels over HTTP (JSON): what the first call and every retry return alike. */
function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The request's fingerprint: SHA-256; argon2id when it holds a password (a fast hash could be guessed). */
async function fingerprint(request: string, secret: boolean): Promise<string> {
  return secret ? hashPassword(request) : createHash("sha256").update(request).digest("hex");
}

async function sameRequest(stored: string, request: string): Promise<boolean> {
  return stored.startsWith("$argon2") ? verifyPassword(stored, request) : stored === (await fingerprint(request, false));
}

export interface IdempotentOptions {
  /** The input holds a secret (a password): fingerprint it with argon2id rather than SHA-256. */
  secret?: boolean;
}

/**
 * Wraps a create's resolver: without `idempotencyKey` it runs as before; with one, the create, its
 * audit event and the key with the answer commit together (the resolver's own transaction becomes a
 * savepoint in it), and a retry with the same key and input returns the stored answer without running
 * again. The same key with another input (or procedure) is UNPROCESSABLE_CONTENT. Keyed answers are
 * returned as JSON (dates as ISO strings), the first time as on every retry — as HTTP clients see them.
 */
export function idempotent<TCtx extends SignedIn, TInput extends { idempotencyKey?: string | undefined }, TOutput>(
  resolver: (opts: { ctx: TCtx; input: Omit<TInput, "idempotencyKey"> }) => Promise<TOutput>,
  options: IdempotentOptions = {},
): (opts: { ctx: TCtx; input: TInput; path: string }) => Promise<TOutput> {
  return async ({ ctx, input, path }) => {
    const { idempotencyKey: key, ...request } = input;
    if (key === undefined) return resolver({ ctx, input: request });
    const canonical = canonicalJson({ procedure: path, input: request });
    const hash = await fingerprint(canonical, options.secret ?? false);
    // The key's transaction is the outer one: a deadlock in the create retries both together.
    return writeTransaction(ctx, async (tx) => {
      const mine = and(eq(idempotencyKeys.userId, ctx.user.id), eq(idempotencyKeys.key, key));
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ userId: ctx.user.id, key, procedure: path, requestHash: hash, createdAt: ctx.now() })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) {
        // Seen before (committed: a concurrent first attempt was waited for by the insert above).
        const [seen] = await tx.select().from(idempotencyKeys).where(mine);
        if (!seen || seen.procedure !== path || !(await sameRequest(seen.requestHash, canonical))) {
          throw userError(ctx, "UNPROCESSABLE_CONTENT", "idempotencyKeyReused");
        }
        ctx.log.info({ key, path, correlationId: ctx.correlationId }, "idempotent retry: the first answer returned");
        return seen.response as TOutput;
      }
      const response = asJson(await resolver({ ctx: { ...ctx, db: tx }, input: request }));
      await tx
        .update(idempotencyKeys)
        .set({ response: response ?? null })
        .where(mine);
      return response;
    });
  };
}

/** Forgets keys older than the TTL (run at start, like the session purge). */
export async function purgeIdempotencyKeys(db: Database, now: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)));
}
