import { lockProject, schema } from "@tracker/db";
import { milestoneCompleteSchema, milestonePlanSchema, milestoneReplanSchema } from "@tracker/domain";
import { and, eq, sql } from "drizzle-orm";
import { assertProjectWritable, PROJECT_WORKERS } from "../access";
import { audit, conflict, notFound } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import type { SessionUser } from "../session";
import { type Context, createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

const { milestones, milestoneReplans, projects } = schema;

/** The milestone and its project's signing date, after checking the user may change it. */
async function writableMilestone(ctx: Context & { user: SessionUser }, id: number, version: number) {
  const [row] = await ctx.db
    .select({ milestone: milestones, signedDate: projects.signedDate })
    .from(milestones)
    .innerJoin(projects, eq(projects.id, milestones.projectId))
    .where(eq(milestones.id, id));
  if (!row) throw notFound(ctx, "milestone");
  await assertProjectWritable(ctx, row.milestone.projectId);
  // A stale version is a conflict first: the change the user did not see may be what closed it.
  if (row.milestone.version !== version) throw await conflict(ctx.db, ctx, "milestone", id);
  if (row.milestone.status === "done") throw userError(ctx, "BAD_REQUEST", "milestoneDone");
  return row;
}

export const milestonesRouter = createTRPCRouter({
  /**
   * Adds a milestone to the plan of one's own project; its baseline is the planned date. A retry with
   * the same `idempotencyKey` returns the first answer.
   */
  plan: roleProcedure(...PROJECT_WORKERS)
    .input(milestonePlanSchema)
    .input(idempotencyKeyInput)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        await assertProjectWritable(ctx, input.projectId);
        return writeTransaction(ctx, async (tx) => {
          // The project lock first: concurrent plans of one project take their numbers one at a time.
          await lockProject(tx, input.projectId);
          const [{ next }] = (await tx
            .select({ next: sql<number>`coalesce(max(${milestones.seq}), 0)::int + 1` })
            .from(milestones)
            .where(eq(milestones.projectId, input.projectId))) as [{ next: number }];
          const [created] = await tx
            .insert(milestones)
            .values({
              projectId: input.projectId,
              stage: input.stage,
              seq: next,
              name: input.name,
              baselineDate: input.plannedDate,
              plannedDate: input.plannedDate,
            })
            .returning();
          await audit(tx, ctx, { entity: "milestone", entityId: created!.id, action: "plan", after: created });
          return created!;
        });
      }),
    ),

  /** Moves a milestone's planned date, with a reason; the baseline never moves. */
  replan: roleProcedure(...PROJECT_WORKERS)
    .input(milestoneReplanSchema)
    .mutation(async ({ ctx, input }) => {
      const { milestone } = await writableMilestone(ctx, input.id, input.version);
      if (milestone.plannedDate === input.plannedDate) throw userError(ctx, "BAD_REQUEST", "samePlannedDate");
      return writeTransaction(ctx, async (tx) => {
        await lockProject(tx, milestone.projectId);
        const [updated] = await tx
          .update(milestones)
          .set({
            plannedDate: input.plannedDate,
            replanCount: sql`${milestones.replanCount} + 1`,
            version: sql`${milestones.version} + 1`,
          })
          .where(and(eq(milestones.id, input.id), eq(milestones.version, input.version), eq(milestones.status, "pending")))
          .returning();
        if (!updated) throw await conflict(tx, ctx, "milestone", input.id);
        await tx.insert(milestoneReplans).values({
          milestoneId: input.id,
          fromDate: milestone.plannedDate,
          toDate: input.plannedDate,
          reason: input.reason,
          byPersonId: ctx.user.personId,
          at: ctx.now(),
        });
        await audit(tx, ctx, {
          entity: "milestone",
          entityId: input.id,
          action: "replan",
          before: milestone,
          after: { ...updated, reason: input.reason },
        });
        return updated;
      });
    }),

  /** Marks a milestone done on the day it was done (not in the future, not before signing). */
  complete: roleProcedure(...PROJECT_WORKERS)
    .input(milestoneCompleteSchema)
    .mutation(async ({ ctx, input }) => {
      const { milestone, signedDate } = await writableMilestone(ctx, input.id, input.version);
      if (input.actualDate > ctx.today()) throw userError(ctx, "BAD_REQUEST", "dateInFuture");
      if (input.actualDate < signedDate) throw userError(ctx, "BAD_REQUEST", "dateBeforeSigning", { date: signedDate });
      return writeTransaction(ctx, async (tx) => {
        await lockProject(tx, milestone.projectId);
        const [updated] = await tx
          .update(milestones)
          .set({ actualDate: input.actualDate, status: "done", version: sql`${milestones.version} + 1` })
          .where(and(eq(milestones.id, input.id), eq(milestones.version, input.version), eq(milestones.status, "pending")))
          .returning();
        if (!updated) throw await conflict(tx, ctx, "milestone", input.id);
        await audit(tx, ctx, { entity: "milestone", entityId: input.id, action: "complete", before: milestone, after: updated });
        return updated;
      });
    }),
});
