import { auditPage, chinaDays, countAuditEvents, verifyAuditChain } from "@tracker/db/queries";
import { auditExportSchema, auditQuerySchema, idSchema } from "@tracker/domain";
import { z } from "zod";
import { assertProjectReadable } from "../access";
import { audit } from "../audit";
import { auditExportFile } from "../export/audit-export";
import { message } from "../messages";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";

/** The most events one export holds; a longer period is exported in parts. */
export const AUDIT_EXPORT_MAX_ROWS = 200_000;

export const auditRouter = createTRPCRouter({
  /**
   * The audit log, newest first, for the auditor alone: the system administrator cannot read it
   * (separation of duties), and no procedure changes or deletes an event.
   */
  list: roleProcedure("auditor")
    .input(auditQuerySchema)
    .query(({ ctx, input }) => {
      const { page, pageSize, ...filter } = input;
      return auditPage(ctx.db, filter, page, pageSize);
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
      return auditPage(ctx.db, { projectId: input.projectId }, input.page, input.pageSize);
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
      const period = chinaDays(input.from, input.to);
      if ((await countAuditEvents(ctx.db, period)) > AUDIT_EXPORT_MAX_ROWS) {
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
