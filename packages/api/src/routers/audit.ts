import { type Database, schema } from "@tracker/db";
import { auditQuerySchema, idSchema } from "@tracker/domain";
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assertProjectReadable } from "../access";
import { createTRPCRouter, roleProcedure } from "../trpc";

const { auditEvents, people, users } = schema;

/** One page of audit events matching `where`, newest first, with who made them, and the total. */
async function auditPage(db: Database, where: SQL | undefined, page: number, pageSize: number) {
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

export const auditRouter = createTRPCRouter({
  /**
   * The audit log, newest first, for the auditor alone: the system administrator cannot read it
   * (separation of duties), and no procedure changes or deletes an event.
   */
  list: roleProcedure("auditor")
    .input(auditQuerySchema)
    .query(({ ctx, input }) => {
      // Day bounds in China Standard Time.
      const where = and(
        input.userId ? eq(auditEvents.userId, input.userId) : undefined,
        input.username ? eq(sql`lower(${users.username})`, input.username.toLowerCase()) : undefined,
        input.entity ? eq(auditEvents.entity, input.entity) : undefined,
        input.action ? eq(auditEvents.action, input.action) : undefined,
        input.projectId ? eq(auditEvents.projectId, input.projectId) : undefined,
        input.from ? gte(auditEvents.at, new Date(`${input.from}T00:00:00+08:00`)) : undefined,
        input.to ? lt(auditEvents.at, new Date(new Date(`${input.to}T00:00:00+08:00`).getTime() + 86_400_000)) : undefined,
      );
      return auditPage(ctx.db, where, input.page, input.pageSize);
    }),

  /**
   * One project's trail: every change to the project and its five-fixed, milestones, permits,
   * problems and reports, newest first, with who made it. For the auditor and for district
   * leadership, who read everything (DESIGN.md §4); not for the system administrator.
   */
  forProject: roleProcedure("auditor", "leadership")
    .input(
      z.object({
        projectId: idSchema,
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (ctx.user.role !== "auditor") await assertProjectReadable(ctx, input.projectId);
      return auditPage(ctx.db, eq(auditEvents.projectId, input.projectId), input.page, input.pageSize);
    }),
});
