/** Reading the audit log: a filtered page with who made each event, and counting a period. */
import type { IsoDate } from "@tracker/domain";
import { and, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { auditEvents, people, users } from "../schema";

/** Midnight in China Standard Time at the start of an ISO day. */
const startOfChinaDay = (day: IsoDate) => new Date(`${day}T00:00:00+08:00`);

/** Whole days in China Standard Time, both included, as the instants [from, to). */
export function chinaDays(from: IsoDate, to: IsoDate): { from: Date; to: Date } {
  return { from: startOfChinaDay(from), to: new Date(startOfChinaDay(to).getTime() + 86_400_000) };
}

/** Which events: every field is optional; the days are whole days in China Standard Time. */
export interface AuditFilter {
  userId?: number | undefined;
  /** Matched ignoring case. */
  username?: string | undefined;
  entity?: string | undefined;
  action?: string | undefined;
  projectId?: number | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

function auditWhere(filter: AuditFilter) {
  return and(
    filter.userId ? eq(auditEvents.userId, filter.userId) : undefined,
    filter.username ? eq(sql`lower(${users.username})`, filter.username.toLowerCase()) : undefined,
    filter.entity ? eq(auditEvents.entity, filter.entity) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.projectId ? eq(auditEvents.projectId, filter.projectId) : undefined,
    filter.from ? gte(auditEvents.at, startOfChinaDay(filter.from)) : undefined,
    filter.to ? lt(auditEvents.at, chinaDays(filter.to, filter.to).to) : undefined,
  );
}

/** One page of the events matching `filter`, newest first, with who made them, and the total. */
export async function auditPage(db: Database, filter: AuditFilter, page: number, pageSize: number) {
  const where = auditWhere(filter);
  const items = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      userId: auditEvents.userId,
      username: users.username,
      personName: people.name,
      role: auditEvents.role,
      entity: auditEvents.entity,
      entityId: auditEvents.entityId,
      projectId: auditEvents.projectId,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      clientIp: auditEvents.clientIp,
      correlationId: auditEvents.correlationId,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.userId))
    .leftJoin(people, eq(people.id, users.personId))
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  let total = items[0]?.total;
  if (total === undefined) {
    // The page is past the end (or nothing matches): count on its own.
    const [counted] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.userId))
      .where(where);
    total = counted!.n;
  }
  return { items: items.map(({ total: _t, ...item }) => item), total };
}

/** How many events fall in [from, to). */
export async function countAuditEvents(db: Database, period: { from: Date; to: Date }): Promise<number> {
  const [counted] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(gte(auditEvents.at, period.from), lt(auditEvents.at, period.to)));
  return counted!.n;
}
