import { lockProject, schema } from "@tracker/db";
import { insertOne, progressReportFor, setCompletedInvestment, updateVersioned } from "@tracker/db/queries";
import { monthStart, progressReportSchema } from "@tracker/domain";
import { ownProject, PROJECT_WORKERS } from "../access";
import { audit, conflict } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

const { progressReports } = schema;

export const progressRouter = createTRPCRouter({
  /**
   * Files the monthly progress report of one's own project, or corrects it (with the version read).
   * The project's completed investment is the sum of its reports and may not pass its total. A retry
   * with the same `idempotencyKey` returns the first answer (not "already reported").
   */
  submit: roleProcedure(...PROJECT_WORKERS)
    .input(progressReportSchema)
    .input(idempotencyKeyInput)
    .use(ownProject)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        const period = `${input.period}-01`;
        if (period > monthStart(ctx.today())) throw userError(ctx, "BAD_REQUEST", "periodInFuture");
        // A second first report for a month the user could have seen reported is their mistake.
        if (input.version === undefined && (await progressReportFor(ctx.db, input.projectId, period))) {
          throw userError(ctx, "BAD_REQUEST", "reportExists", { period: input.period });
        }
        // Not writeVersioned: a report is filed (insert) or corrected (versioned update), and either moves the project's total.
        return writeTransaction(ctx, async (tx) => {
          // The project first (the lock order): reports of other months, and corrections, wait here.
          const project = (await lockProject(tx, input.projectId))!;
          const existing = await progressReportFor(tx, input.projectId, period);
          // Filed by someone else while this request ran: reload to see it.
          if (existing && input.version === undefined) throw userError(ctx, "CONFLICT", "reportExists", { period: input.period });
          const values = {
            investmentWan: input.investmentWan,
            physicalPercent: input.physicalPercent,
            narrative: input.narrative,
            reporterId: ctx.user.personId,
            updatedAt: ctx.now(),
          };
          const report = existing
            ? await updateVersioned(tx, progressReports, { id: existing.id, version: input.version! }, values)
            : await insertOne(tx, progressReports, { projectId: input.projectId, period, ...values, createdAt: ctx.now() });
          if (!report) throw await conflict(tx, ctx, "progressReport", existing!.id);
          const completed = project.completedInvestmentWan + input.investmentWan - (existing?.investmentWan ?? 0);
          if (completed > project.totalInvestmentWan) {
            throw userError(ctx, "BAD_REQUEST", "beyondTotalInvestment", { completed, total: project.totalInvestmentWan });
          }
          await setCompletedInvestment(tx, input.projectId, completed, ctx.now());
          await audit(tx, ctx, {
            entity: "progressReport",
            entityId: report.id,
            action: existing ? "correct" : "submit",
            before: existing ?? null,
            after: report,
          });
          return { report, completedInvestmentWan: completed };
        });
      }),
    ),
});
