/**
 * The write path (ARCHITECTURE.md §The write path). Every write of a project's data goes through
 * these two functions, in this order:
 *
 *   loadForWrite:  load the row → NOT_FOUND → the caller's authorization (who may act on it) →
 *                  a stale version is CONFLICT (before any domain rule: the change the user did not
 *                  see may be what makes the rule fail)
 *   the router:    the domain's rule for the change (BAD_REQUEST in the user's language)
 *   writeVersioned: one transaction: the project lock → update at the version read (+1) → what else
 *                  the change writes → the audit event; a row that moved on meanwhile is CONFLICT
 *
 * createAudited is the same for a new row: the project lock, the insert, the audit event.
 */

import type { Database } from "@tracker/db";
import { lockProject } from "@tracker/db";
import { insertOne, loadById, updateVersioned, type VersionedTable } from "@tracker/db/queries";
import type { SQL } from "drizzle-orm";
import type { PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { audit, conflict, notFound } from "./audit";
import type { EntityName } from "./messages";
import type { SessionUser } from "./session";
import { type Context, writeTransaction } from "./trpc";

type SignedIn = Context & { user: SessionUser };
type Row<T extends PgTable> = T["$inferSelect"];

/**
 * The row a write starts from: NOT_FOUND when there is none, then `authorize` (throws FORBIDDEN or
 * NOT_FOUND as the caller's rule says), then CONFLICT when the client's version is not the row's.
 */
export async function loadForWrite<T extends VersionedTable>(
  ctx: SignedIn,
  entity: EntityName,
  table: T,
  id: number,
  version: number,
  authorize?: (row: Row<T>) => void | Promise<void>,
): Promise<Row<T>> {
  const row = await loadById(ctx.db, table, id);
  if (!row) throw notFound(ctx, entity);
  await authorize?.(row);
  if ((row as { version: number }).version !== version) throw await conflict(ctx.db, ctx, entity, id);
  return row;
}

export interface VersionedWrite<T extends VersionedTable> {
  entity: EntityName;
  table: T;
  /** The row as loaded for the write: its id, the version the update requires, the audit's `before`. */
  row: Row<T> & { id: number; version: number };
  /** The project whose lock the transaction takes (every write of one project takes it first). */
  projectId: number;
  action: string;
  set: PgUpdateSetSource<T>;
  /** A condition the row must still meet when it is updated (e.g. `status = 'pending'`); else CONFLICT. */
  still?: SQL | undefined;
  /** More writes of the same change, in its transaction, after the update (e.g. a history row). */
  also?: (tx: Database, updated: Row<T>) => Promise<void>;
  /** What the audit event records; by default the row before and after, `note` merged into after. */
  auditBefore?: unknown;
  auditAfter?: (updated: Row<T>) => unknown;
  note?: Record<string, unknown>;
  /** The audit event's entity id when it is not the row's (the five-fixed is keyed by project). */
  auditId?: number;
}

/** Writes a versioned change with its project lock and audit event in one transaction; see the module note. */
export function writeVersioned<T extends VersionedTable>(ctx: SignedIn, write: VersionedWrite<T>): Promise<Row<T>> {
  return writeTransaction(ctx, async (tx) => {
    await lockProject(tx, write.projectId);
    const updated = await updateVersioned(
      tx,
      write.table,
      { id: write.row.id, version: write.row.version, still: write.still },
      write.set,
    );
    if (!updated) throw await conflict(tx, ctx, write.entity, write.row.id);
    await write.also?.(tx, updated);
    await audit(tx, ctx, {
      entity: write.entity,
      entityId: write.auditId ?? write.row.id,
      action: write.action,
      before: write.auditBefore ?? write.row,
      after: write.auditAfter ? write.auditAfter(updated) : { ...updated, ...write.note },
    });
    return updated;
  });
}

export interface Create<T extends PgTable> {
  entity: EntityName;
  table: T;
  /** The project whose lock the transaction takes; null for a new project (nothing to lock yet). */
  projectId: number | null;
  action: string;
  /** The row, built inside the transaction after the lock (e.g. the next sequence number of the project). */
  values: T["$inferInsert"] | ((tx: Database) => Promise<T["$inferInsert"]>);
}

/** Inserts a row with its project lock and audit event in one transaction. */
export function createAudited<T extends PgTable>(ctx: SignedIn, create: Create<T>): Promise<Row<T>> {
  return writeTransaction(ctx, async (tx) => {
    if (create.projectId !== null) await lockProject(tx, create.projectId);
    const values = typeof create.values === "function" ? await create.values(tx) : create.values;
    const created = await insertOne(tx, create.table, values);
    await audit(tx, ctx, {
      entity: create.entity,
      entityId: (created as { id: number }).id,
      action: create.action,
      after: created,
    });
    return created;
  });
}
