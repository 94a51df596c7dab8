import { lockProject, schema } from "@tracker/db";
import { fiveFixedSetSchema } from "@tracker/domain";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { audit, conflict } from "../audit";
import { createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

const { fiveFixedAssignments, people, projects, units } = schema;

export const fiveFixedRouter = createTRPCRouter({
  /**
   * Fixes (or re-fixes) a project's five: supervising leader, responsible unit, person in charge,
   * target task and deadline. The current assignment is closed, not overwritten, so the history
   * of who held the project stays.
   */
  set: roleProcedure("admin", "leadership")
    .input(fiveFixedSetSchema)
    .mutation(async ({ ctx, input }) => {
      if ((input.targetTask === undefined) !== (input.deadline === undefined)) {
        throw userError(ctx, "BAD_REQUEST", "targetNeedsDeadline");
      }
      const [project] = await ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId));
      if (!project) throw userError(ctx, "NOT_FOUND", "projectNotFound");
      const found = await ctx.db
        .select({ id: people.id })
        .from(people)
        .where(inArray(people.id, [input.leaderId, input.ownerId]));
      if (found.length !== new Set([input.leaderId, input.ownerId]).size) throw userError(ctx, "BAD_REQUEST", "unknownPerson");
      const [unit] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
      if (!unit) throw userError(ctx, "BAD_REQUEST", "unknownUnit");
      const now = ctx.now();
      return writeTransaction(ctx, async (tx) => {
        // The project first: a concurrent reassignment waits here, then reads the assignment the
        // first one opened and, holding the old version, is a CONFLICT (not a second current row).
        await lockProject(tx, input.projectId);
        const [current] = await tx
          .select()
          .from(fiveFixedAssignments)
          .where(and(eq(fiveFixedAssignments.projectId, input.projectId), isNull(fiveFixedAssignments.validTo)))
          .for("update");
        if (current) {
          if (input.version !== current.version) throw await conflict(tx, ctx, "fiveFixed", input.projectId);
          await tx
            .update(fiveFixedAssignments)
            .set({ validTo: now, version: sql`${fiveFixedAssignments.version} + 1` })
            .where(eq(fiveFixedAssignments.id, current.id));
        }
        const [created] = await tx
          .insert(fiveFixedAssignments)
          .values({
            projectId: input.projectId,
            leaderId: input.leaderId,
            unitId: input.unitId,
            ownerId: input.ownerId,
            targetTask: input.targetTask ?? null,
            deadline: input.deadline ?? null,
            validFrom: now,
            reason: input.reason ?? null,
            // The version continues across reassignments, so a client holding the old one conflicts.
            version: (current?.version ?? 0) + 1,
          })
          .returning();
        await audit(tx, ctx, {
          entity: "fiveFixed",
          entityId: input.projectId,
          action: current ? "reassign" : "assign",
          before: current ?? null,
          after: created,
        });
        return created!;
      });
    }),
});
