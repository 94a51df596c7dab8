import { type Database, rowsOf, schema } from "@tracker/db";
import { verifyAuditChain } from "@tracker/db/queries";
import { auditExportSchema, auditQuerySchema, idSchema } from "@tracker/domain";
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assertProjectReadable } from "../access";
import { audit } from "../audit";
import { auditExportFile } from "../export/audit-export";
import { message } from "../messages";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";

/** The most events one export holds; a longer period is exported in parts. */
export const AUDIT_EXPORT_MAX_ROWS = 200_000;

/** Midnight in China Standard Time at the start of an ISO day. */
const startOfChinaDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

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
        input.from ? gte(auditEvents.at, startOfChinaDay(input.from)) : undefined,
        input.to ? lt(auditEvents.at, new Date(startOfChinaDay(input.to).getTime() + 86_400_000)) : undefined,
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

  /**
   * Recomputes the hash chain from the first event (in SQL, in batches) and says whether it is whole,
   * or the first event where it breaks and why; with the head hash, to write down as an anchor.
   */
  verify: roleProcedure("auditor").query(async ({ ctx }) => {
    const report = await verifyAuditChain(ctx.db);
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    return {
      intact: report.intact,
      events: report.events,
      first: report.first && { id: report.first.id, at: iso(report.first.at)! },
      last: report.last && { id: report.last.id, at: iso(report.last.at)!, hash: report.last.hash },
      brokenAt: report.brokenAt && { id: report.brokenAt.id, at: iso(report.brokenAt.at), reason: report.brokenAt.reason },
    };
  }),

  /**
   * A period of the log (whole days, China Standard Time, both included) as .xlsx or CSV, for the
   * auditor; the export is itself an audit event.
   */
  export: roleProcedure("auditor")
    .input(auditExportSchema)
    .query(async ({ ctx, input }) => {
      const period = { from: startOfChinaDay(input.from), to: new Date(startOfChinaDay(input.to).getTime() + 86_400_000) };
      const [counted] = await rowsOf<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from audit_events where at >= ${period.from.toISOString()} and at < ${period.to.toISOString()}`,
      );
      if (counted!.n > AUDIT_EXPORT_MAX_ROWS) {
        throw userError(ctx, "BAD_REQUEST", "auditExportTooLarge", { max: AUDIT_EXPORT_MAX_ROWS });
      }
      const title = message(ctx.locale, "export.auditTitle");
      const { file, rows } = await auditExportFile(ctx.db, period, input.format, ctx.locale, title);
      await audit(ctx.db, ctx, {
        entity: "auditLog",
        entityId: `${input.from}..${input.to}`,
        action: "export",
        after: { ...input, rows },
      });
      return {
        filename: `${title}-${input.from}-${input.to}.${input.format}`,
        rows,
        base64: file.toString("base64"),
      };
    }),
});
