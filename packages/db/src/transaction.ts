/**
 * Writes under concurrency: one transaction helper with bounded retries, the project lock every
 * write takes first, and how to read PostgreSQL's error out of drizzle's and the drivers' wrappers.
 *
 * Lock order (the rule every write follows, so two writes never wait on each other in a circle):
 * 1. the project row, `select … for no key update` (`lockProject`), first in every transaction that
 *    changes a project or anything belonging to it (reports, milestones, permits, problems, five-fixed)
 *    and its rollups (completed investment);
 * 2. then the rows being changed, then the inserts (whose foreign keys take only KEY SHARE on the
 *    project, which the NO KEY UPDATE lock does not block).
 * Several projects in one transaction (the ledger import) are locked in ascending id order.
 */
import { eq, inArray } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "./client";
import { projects } from "./schema";

/** What the drivers tell of a failed statement: postgres.js and PGlite name the constraint differently. */
export interface DatabaseErrorInfo {
  /** SQLSTATE, e.g. 23505. */
  code: string;
  constraint: string | undefined;
  column: string | undefined;
}

/** PostgreSQL's error behind `error`: drizzle wraps the driver's error (`cause`), tRPC wraps drizzle's. */
export function databaseError(error: unknown): DatabaseErrorInfo | undefined {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const fields = e as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
      column_name?: unknown;
      column?: unknown;
    };
    if (typeof fields.code === "string" && /^[0-9A-Z]{5}$/.test(fields.code)) {
      const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
      return {
        code: fields.code,
        constraint: text(fields.constraint_name) ?? text(fields.constraint),
        column: text(fields.column_name) ?? text(fields.column),
      };
    }
  }
  return undefined;
}

/** SQLSTATE of the error behind `error`, if it came from PostgreSQL. */
export function sqlState(error: unknown): string | undefined {
  return databaseError(error)?.code;
}

/**
 * Serialization failure and deadlock: PostgreSQL rolled the transaction back and running it again
 * is expected to succeed. Nothing else is retried: a constraint violation would fail the same way.
 */
export const RETRYABLE_SQL_STATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

export interface TransactionOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Told of each retry (for the log). */
  onRetry?: (info: { attempt: number; code: string; delayMs: number }) => void;
}

/** Five runs: under 50 writers on one project (the test) no write needed more than the first. */
export const TRANSACTION_ATTEMPTS = 5;

/** 5–15 ms, doubling: a deadlock's loser waits a little, at a random offset from the others. */
function backoffMs(attempt: number): number {
  return Math.round(5 * 2 ** (attempt - 1) * (0.5 + Math.random()));
}

/**
 * Runs `work` in a transaction and commits it; on a deadlock or a serialization failure the whole
 * transaction is run again, up to `attempts` runs with a short jittered pause, then the error is
 * thrown (the API answers it as CONFLICT). Inside a transaction already (`db` is one) it is a
 * savepoint and not retried here: a deadlock aborts the outer transaction too, and the outer call
 * retries it whole. `work` may run more than once, so it must do nothing but database work.
 */
export async function transaction<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const run = () => db.transaction((tx) => work(tx as unknown as Database));
  if (db instanceof PgTransaction) return run();
  const attempts = options.attempts ?? TRANSACTION_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = sqlState(error);
      if (attempt >= attempts || code === undefined || !RETRYABLE_SQL_STATES.has(code)) throw error;
      const delayMs = backoffMs(attempt);
      options.onRetry?.({ attempt, code, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Locks the project row for the rest of the transaction (step 1 of the lock order) and returns it,
 * read after the lock: another write on the project waits here until this one commits. NO KEY
 * UPDATE, not UPDATE: inserts of the project's children (their foreign key takes KEY SHARE) and
 * audit events of other transactions are not held up by it.
 */
export async function lockProject(tx: Database, projectId: number) {
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for("no key update");
  return project;
}

/** Locks several projects, in ascending id order (the lock order for writes that span projects). */
export async function lockProjects(tx: Database, projectIds: readonly number[]): Promise<void> {
  if (projectIds.length === 0) return;
  const ids = [...new Set(projectIds)].sort((a, b) => a - b);
  await tx.select({ id: projects.id }).from(projects).where(inArray(projects.id, ids)).orderBy(projects.id).for("no key update");
}
