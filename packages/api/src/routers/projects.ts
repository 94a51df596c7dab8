import { schema } from "@tracker/db";
import { getProject, listProjects } from "@tracker/db/queries";
import {
  canSeeInvestorContacts,
  checkStageMove,
  idSchema,
  lifecycleForStage,
  projectListInputSchema,
  stageIndex,
  stageMoveSchema,
} from "@tracker/domain";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { assertProjectReadable, assertProjectWritable, investorScope, PROJECT_READERS, PROJECT_WORKERS } from "../access";
import { audit, conflict } from "../audit";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";

const { projects } = schema;

export const projectsRouter = createTRPCRouter({
  /** The register: every filter of the contract, sorting, paging; investors see their own only. */
  list: roleProcedure(...PROJECT_READERS)
    .input(projectListInputSchema)
    .query(({ ctx, input }) => listProjects(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /** One project with five-fixed, milestones, permits, problems, reports and RAG with reasons. */
  get: roleProcedure(...PROJECT_READERS)
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      await assertProjectReadable(ctx, input.id);
      const project = await getProject(ctx.db, input.id, ctx.today(), {
        withInvestorContacts: canSeeInvestorContacts(ctx.user.role),
      });
      if (!project) throw userError(ctx, "NOT_FOUND", "projectNotFound");
      return project;
    }),

  /**
   * Moves one's own project to another stage. One step forward needs nothing more; moving back or
   * skipping needs a reason. Reaching construction or completion records the actual date.
   */
  moveStage: roleProcedure(...PROJECT_WORKERS)
    .input(stageMoveSchema)
    .mutation(async ({ ctx, input }) => {
      await assertProjectWritable(ctx, input.id);
      const [project] = await ctx.db.select().from(projects).where(eq(projects.id, input.id));
      if (project!.version !== input.version) throw await conflict(ctx.db, ctx, "project", input.id);
      if (project!.status === "suspended" || project!.status === "cancelled")
        throw userError(ctx, "BAD_REQUEST", "projectNotActive");
      const move = checkStageMove(project!.stage, input.stage, input.reason);
      if (!move.ok) throw userError(ctx, "BAD_REQUEST", move.code === "SAME_STAGE" ? "sameStage" : "stageReasonRequired");
      const today = ctx.today();
      const reached = (stage: "construction" | "hiring") => stageIndex(input.stage) >= stageIndex(stage);
      return ctx.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(projects)
          .set({
            stage: input.stage,
            status: lifecycleForStage(input.stage),
            actualStartDate: reached("construction") ? (project!.actualStartDate ?? today) : null,
            actualCompletionDate: reached("hiring") ? (project!.actualCompletionDate ?? today) : null,
            version: sql`${projects.version} + 1`,
            updatedAt: ctx.now(),
          })
          .where(and(eq(projects.id, input.id), eq(projects.version, input.version)))
          .returning();
        if (!updated) throw await conflict(tx, ctx, "project", input.id);
        await audit(tx, ctx, {
          entity: "project",
          entityId: input.id,
          action: `stage_${move.kind}`,
          before: { stage: project!.stage, status: project!.status },
          after: { stage: updated.stage, status: updated.status, reason: input.reason ?? null },
        });
        return updated;
      });
    }),
});
