import { schema } from "@tracker/db";
import { monthStart, progressReportSchema } from "@tracker/domain";
import { and, eq, sql } from "drizzle-orm";
import { assertProjectWritable, PROJECT_WORKERS } from "../access";
import { audit, conflict } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";

const { progressReports, projects } = schema;

/** PostgreSQL's error code, through drizzle's and the drivers' wrappers. */
function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const progressRouter = createTRPCRouter({
  /**
   * Files the monthly progress report of one's own project, or corrects it (with the version read).
   * The project's completed investment is the sum of its reports and may not pass its total. A retry
   * with the same `idempotencyKey` returns the first answer (not "already reported").
   */
  submit: roleProcedure(...PROJECT_WORKERS)
    .input(progressReportSchema)
    .input(idempotencyKeyInput)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        await assertProjectWritable(ctx, input.projectId);
        const period = `${input.period}-01`;
        if (period > monthStart(ctx.today())) throw userError(ctx, "BAD_REQUEST", "periodInFuture");
        try {
          return await ctx.db.transaction(async (tx) => {
            const [existing] = await tx
              .select()
              .from(progressReports)
              .where(and(eq(progressReports.projectId, input.projectId), eq(progressReports.period, period)));
            if (existing && input.version === undefined)
              throw userError(ctx, "BAD_REQUEST", "reportExists", { period: input.period });
            const values = {
              investmentWan: input.investmentWan,
              physicalPercent: input.physicalPercent,
              narrative: input.narrative,
              reporterId: ctx.user.personId,
              updatedAt: ctx.now(),
            };
            let report: typeof progressReports.$inferSelect | undefined;
            if (existing) {
              [report] = await tx
                .update(progressReports)
                .set({ ...values, version: sql`${progressReports.version} + 1` })
                .where(and(eq(progressReports.id, existing.id), eq(progressReports.version, input.version!)))
                .returning();
              if (!report) throw await conflict(tx, ctx, "progressReport", existing.id);
            } else {
              [report] = await tx
                .insert(progressReports)
                .values({ projectId: input.projectId, period, ...values, createdAt: ctx.now() })
                .returning();
            }
            // Lock the project row: reports of other months may be filed at the same moment.
            const [project] = await tx
              .select({ completed: projects.completedInvestmentWan, total: projects.totalInvestmentWan })
              .from(projects)
              .where(eq(projects.id, input.projectId))
              .for("update");
            const completed = project!.completed + input.investmentWan - (existing?.investmentWan ?? 0);
            if (completed > project!.total) {
              throw userError(ctx, "BAD_REQUEST", "beyondTotalInvestment", { completed, total: project!.total });
            }
            await tx
              .update(projects)
              .set({ completedInvestmentWan: completed, updatedAt: ctx.now() })
              .where(eq(projects.id, input.projectId));
            await audit(tx, ctx, {
              entity: "progressReport",
              entityId: report!.id,
              action: existing ? "correct" : "submit",
              before: existing ?? null,
              after: report,
            });
            return { report: report!, completedInvestmentWan: completed };
          });
        } catch (error) {
          // Two first reports for the same month at once: the unique index lets one in.
          if (pgCode(error) === "23505") throw userError(ctx, "CONFLICT", "reportExists", { period: input.period });
          throw error;
        }
      }),
    ),
});
