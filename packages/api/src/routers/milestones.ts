import { schema } from "@tracker/db";
import { loadById, milestoneStillPending, nextMilestoneSeq, recordReplan } from "@tracker/db/queries";
import { milestoneCompleteSchema, milestonePlanSchema, milestoneReplanSchema } from "@tracker/domain";
import { assertProjectWritable, ownProject, PROJECT_WORKERS } from "../access";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import type { SessionUser } from "../session";
import { type Context, createTRPCRouter, roleProcedure, userError } from "../trpc";
import { createAudited, loadForWrite, writeVersioned } from "../write";

const { projects } = schema;

/** The milestone, after checking the user may change its project; a done one is no longer changed. */
async function writableMilestone(ctx: Context & { user: SessionUser }, id: number, version: number) {
  // A stale version is a conflict first: the change the user did not see may be what closed it.
  const milestone = await loadForWrite(ctx, "milestone", id, version, (m) => assertProjectWritable(ctx, m.projectId));
  if (milestone.status === "done") throw userError(ctx, "BAD_REQUEST", "milestoneDone");
  return milestone;
}

export const milestonesRouter = createTRPCRouter({
  /**
   * Adds a milestone to the plan of one's own project; its baseline is the planned date. A retry with
   * the same `idempotencyKey` returns the first answer.
   */
  plan: roleProcedure(...PROJECT_WORKERS)
    .input(milestonePlanSchema)
    .input(idempotencyKeyInput)
    .use(ownProject)
    .mutation(
      idempotent(async ({ ctx, input }) =>
        createAudited(ctx, {
          entity: "milestone",
          projectId: input.projectId,
          action: "plan",
          // Numbered under the project lock: concurrent plans of one project take their numbers one at a time.
          values: async (tx) => ({
            projectId: input.projectId,
            stage: input.stage,
            seq: await nextMilestoneSeq(tx, input.projectId),
            name: input.name,
            baselineDate: input.plannedDate,
            plannedDate: input.plannedDate,
          }),
        }),
      ),
    ),

  /** Moves a milestone's planned date, with a reason; the baseline never moves. */
  replan: roleProcedure(...PROJECT_WORKERS)
    .input(milestoneReplanSchema)
    .mutation(async ({ ctx, input }) => {
      const milestone = await writableMilestone(ctx, input.id, input.version);
      if (milestone.plannedDate === input.plannedDate) throw userError(ctx, "BAD_REQUEST", "samePlannedDate");
      return writeVersioned(ctx, {
        entity: "milestone",
        row: milestone,
        action: "replan",
        set: { plannedDate: input.plannedDate, replanCount: milestone.replanCount + 1 },
        still: milestoneStillPending,
        also: (tx) =>
          recordReplan(tx, {
            milestoneId: input.id,
            fromDate: milestone.plannedDate,
            toDate: input.plannedDate,
            reason: input.reason,
            byPersonId: ctx.user.personId,
            at: ctx.now(),
          }),
        note: { reason: input.reason },
      });
    }),

  /** Marks a milestone done on the day it was done (not in the future, not before signing). */
  complete: roleProcedure(...PROJECT_WORKERS)
    .input(milestoneCompleteSchema)
    .mutation(async ({ ctx, input }) => {
      const milestone = await writableMilestone(ctx, input.id, input.version);
      const project = (await loadById(ctx.db, projects, milestone.projectId))!;
      if (input.actualDate > ctx.today()) throw userError(ctx, "BAD_REQUEST", "dateInFuture");
      if (input.actualDate < project.signedDate) {
        throw userError(ctx, "BAD_REQUEST", "dateBeforeSigning", { date: project.signedDate });
      }
      return writeVersioned(ctx, {
        entity: "milestone",
        row: milestone,
        action: "complete",
        set: { actualDate: input.actualDate, status: "done" },
        still: milestoneStillPending,
      });
    }),
});
