/**
 * The SQL of every versioned write: load a row by id, update it only at the version the client read
 * (bumping the version), insert a row. The api's write helper (packages/api/src/write.ts) runs these
 * in its transaction with the project lock, the audit event and the CONFLICT answer.
 */
import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import { approvalItems, auditEvents, fiveFixedAssignments, people, projects, users } from "../schema";

/** A table with a serial `id` and an optimistic-concurrency `version`. */
export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

/** One row by id, or undefined. */
export async function loadById<T extends VersionedTable>(
  db: Database,
  table: T,
  id: number,
): Promise<T["$inferSelect"] | undefined> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id));
  return row as T["$inferSelect"] | undefined;
}

/**
 * `update … set …, version = version + 1 where id = $id and version = $version [and still] returning *`.
 * Undefined when the row moved on (another write got there first) or `still` no longer holds.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Database,
  table: T,
  where: { id: number; version: number; still?: SQL | undefined },
  set: PgUpdateSetSource<T>,
): Promise<T["$inferSelect"] | undefined> {
  const rows = await db
    .update(table)
    .set({ ...set, version: sql`${table.version} + 1` } as PgUpdateSetSource<T>)
    .where(and(eq(table.id, where.id), eq(table.version, where.version), where.still))
    .returning();
  return (rows as T["$inferSelect"][])[0];
}

/** `insert … returning *`, one row. */
export async function insertOne<T extends PgTable>(
  db: Database,
  table: T,
  values: T["$inferInsert"],
): Promise<T["$inferSelect"]> {
  const rows = await db.insert(table).values(values).returning();
  return (rows as T["$inferSelect"][])[0]!;
}

/** Who holds a project: its current five-fixed leader, unit and owner, and its investor; null when there is no such project. */
export async function projectHolders(
  db: Database,
  projectId: number,
): Promise<{ leaderId: number | null; ownerId: number | null; unitId: number | null; investorId: number } | null> {
  const [row] = await db
    .select({
      leaderId: fiveFixedAssignments.leaderId,
      ownerId: fiveFixedAssignments.ownerId,
      unitId: fiveFixedAssignments.unitId,
      investorId: projects.investorId,
    })
    .from(projects)
    .leftJoin(fiveFixedAssignments, and(eq(fiveFixedAssignments.projectId, projects.id), isNull(fiveFixedAssignments.validTo)))
    .where(eq(projects.id, projectId));
  return row ?? null;
}

/** Whether every id names a row of the table (a write naming a unit, a township, a person refuses an unknown one). */
export async function allExist(db: Database, table: PgTable & { id: PgColumn }, ids: readonly number[]): Promise<boolean> {
  const wanted = new Set(ids);
  const rows = await db
    .select({ id: table.id })
    .from(table as PgTable)
    .where(inArray(table.id, [...wanted]));
  return rows.length === wanted.size;
}

/** Whether a project holds this code already (the register's codes are unique). */
export async function projectCodeTaken(db: Database, code: string): Promise<boolean> {
  const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.code, code));
  return row !== undefined;
}

/** The issuing unit and statutory time limit of a permit's approval item. */
export async function approvalItemOf(db: Database, approvalItemId: number): Promise<{ unitId: number; statutoryDays: number }> {
  const [row] = await db
    .select({ unitId: approvalItems.unitId, statutoryDays: approvalItems.statutoryDays })
    .from(approvalItems)
    .where(eq(approvalItems.id, approvalItemId));
  return row!;
}

/** Who made the last audited change of a record, and when (what a CONFLICT tells the user); undefined when none. */
export async function lastChange(
  db: Database,
  entity: string,
  entityId: number,
): Promise<{ at: Date; name: string | null; username: string | null } | undefined> {
  const [last] = await db
    .select({ at: auditEvents.at, name: people.name, username: users.username })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.userId))
    .leftJoin(people, eq(people.id, users.personId))
    .where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, String(entityId))))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return last;
}
