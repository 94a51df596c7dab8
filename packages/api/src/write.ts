/**
 * The write path (ARCHITECTURE.md §The write path). Every write of a project's record goes through
 * these functions, in this order:
 *
 *   loadForWrite:   load the row → NOT_FOUND → the caller's authorization (who may act on it) →
 *                   a stale version is CONFLICT (before any domain rule: the change the user did not
 *                   see may be what makes the rule fail)
 *   the router:     the domain's rule for the change (BAD_REQUEST in the user's language)
 *   writeVersioned: one transaction: the project lock → update at the version read (+1) → what else
 *                   the change writes → the audit event; a row that moved on meanwhile is CONFLICT
 *
 * createAudited is the same for a new row: the project lock, the insert, the audit event. The entity
 * names its table, and a record names its project (a project is its own), so neither is passed.
 */
import { type Database, lockProject, schema } from "@tracker/db";
import { insertOne, loadById, updateVersioned } from "@tracker/db/queries";
import type { SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { audit, conflict, notFound } from "./audit";
import type { SessionUser } from "./session";
import { type Context, writeTransaction } from "./trpc";

type SignedIn = Context & { user: SessionUser };

/** The versioned records a write loads and changes, by the entity name its messages and audit events use. */
const TABLES = {
  milestone: schema.milestones,
  permit: schema.permits,
  problem: schema.problems,
  project: schema.projects,
} as const;
type Entity = keyof typeof TABLES;
type Table<E extends Entity> = (typeof TABLES)[E];
type Row<E extends Entity> = Table<E>["$inferSelect"];

/** The project a record belongs to: its `projectId`, or the project itself. */
function projectOf(row: { id: number } | { projectId: number }): number {
  return "projectId" in row ? row.projectId : row.id;
}

/**
 * The row a write starts from: NOT_FOUND when there is none, then `authorize` (throws FORBIDDEN or
 * NOT_FOUND as the caller's rule says), then CONFLICT when the client's version is not the row's.
 */
export async function loadForWrite<E extends Entity>(
  ctx: SignedIn,
  entity: E,
  id: number,
  version: number,
  authorize?: (row: Row<E>) => unknown,
): Promise<Row<E>> {
  const row = (await loadById(ctx.db, TABLES[entity], id)) as Row<E> | undefined;
  if (!row) throw notFound(ctx, entity);
  await authorize?.(row);
  if (row.version !== version) throw await conflict(ctx.db, ctx, entity, id);
  return row;
}

export interface VersionedWrite<E extends Entity> {
  entity: E;
  /** The row as loaded for the write: its id, the version the update requires, the audit's `before`. */
  row: Row<E>;
  action: string;
  set: PgUpdateSetSource<Table<E>>;
  /** A condition the row must still meet when it is updated (e.g. `status = 'pending'`); else CONFLICT. */
  still?: SQL | undefined;
  /** More writes of the same change, in its transaction, after the update (e.g. a history row). */
  also?: (tx: Database, updated: Row<E>) => Promise<void>;
  /** What the audit event records; by default the row before and after, `note` merged into after. */
  auditBefore?: unknown;
  auditAfter?: (updated: Row<E>) => unknown;
  note?: Record<string, unknown>;
}

/** Writes a versioned change with its project lock and audit event in one transaction; see the module note. */
export function writeVersioned<E extends Entity>(ctx: SignedIn, write: VersionedWrite<E>): Promise<Row<E>> {
  const { entity, row } = write;
  return writeTransaction(ctx, async (tx) => {
    await lockProject(tx, projectOf(row));
    const updated = (await updateVersioned(
      tx,
      TABLES[entity],
      { id: row.id, version: row.version, still: write.still },
      write.set,
    )) as Row<E> | undefined;
    if (!updated) throw await conflict(tx, ctx, entity, row.id);
    await write.also?.(tx, updated);
    await audit(tx, ctx, {
      entity,
      entityId: row.id,
      action: write.action,
      before: write.auditBefore ?? row,
      after: write.auditAfter ? write.auditAfter(updated) : { ...updated, ...write.note },
    });
    return updated;
  });
}

export interface Create<E extends Entity> {
  entity: E;
  /** The project whose lock the transaction takes; null for a new project (nothing to lock yet). */
  projectId: number | null;
  action: string;
  /** The row, built inside the transaction after the lock (e.g. the next sequence number of the project). */
  values: Table<E>["$inferInsert"] | ((tx: Database) => Promise<Table<E>["$inferInsert"]>);
}

/** Inserts a row with its project lock and audit event in one transaction. */
export function createAudited<E extends Entity>(ctx: SignedIn, create: Create<E>): Promise<Row<E>> {
  return writeTransaction(ctx, async (tx) => {
    if (create.projectId !== null) await lockProject(tx, create.projectId);
    const values = typeof create.values === "function" ? await create.values(tx) : create.values;
    const created = (await insertOne(tx, TABLES[create.entity], values)) as Row<E>;
    await audit(tx, ctx, { entity: create.entity, entityId: created.id, action: create.action, after: created });
    return created;
  });
}
