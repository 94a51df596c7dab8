import { lockProject, schema } from "@tracker/db";
import { monthStart, progressReportSchema } from "@tracker/domain";
import { and, eq, sql } from "drizzle-orm";
import { assertProjectWritable, PROJECT_WORKERS } from "../access";
import { audit, conflict } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

const { progressReports, projects } = schema;

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
        const reported = and(eq(progressReports.projectId, input.projectId), eq(progressReports.period, period));
        // A second first report for a month the user could have seen reported is their mistake.
        if (input.version === undefined) {
          const [seen] = await ctx.db.select({ id: progressReports.id }).from(progressReports).where(reported);
          if (seen) throw userError(ctx, "BAD_REQUEST", "reportExists", { period: input.period });
        }
        return writeTransaction(ctx, async (tx) => {
          // The project first (the lock order): reports of other months, and corrections, wait here.
          const project = (await lockProject(tx, input.projectId))!;
          const [existing] = await tx.select().from(progressReports).where(reported);
          // Filed by someone else while this request ran: reload to see it.
          if (existing && input.version === undefined) throw userError(ctx, "CONFLICT", "reportExists", { period: input.period });
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
          const completed = project.completedInvestmentWan + input.investmentWan - (existing?.investmentWan ?? 0);
          if (completed > project.totalInvestmentWan) {
            throw userError(ctx, "BAD_REQUEST", "beyondTotalInvestment", { completed, total: project.totalInvestmentWan });
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
      }),
    ),
});
