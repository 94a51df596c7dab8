import { lockProject, schema } from "@tracker/db";
import { allExist, currentFiveFixedForUpdate, insertOne, updateVersioned } from "@tracker/db/queries";
import { fiveFixedSetSchema } from "@tracker/domain";
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
      if (!(await allExist(ctx.db, projects, [input.projectId]))) throw userError(ctx, "NOT_FOUND", "projectNotFound");
      if (!(await allExist(ctx.db, people, [input.leaderId, input.ownerId])))
        throw userError(ctx, "BAD_REQUEST", "unknownPerson");
      if (!(await allExist(ctx.db, units, [input.unitId]))) throw userError(ctx, "BAD_REQUEST", "unknownUnit");
      const now = ctx.now();
      // Not writeVersioned: a re-fix closes one row and opens the next, and the first fix has no row to close.
      return writeTransaction(ctx, async (tx) => {
        // The project first: a concurrent reassignment waits here, then reads the assignment the
        // first one opened and, holding the old version, is a CONFLICT (not a second current row).
        await lockProject(tx, input.projectId);
        const current = await currentFiveFixedForUpdate(tx, input.projectId);
        if (current) {
          const closed =
            input.version === current.version &&
            (await updateVersioned(tx, fiveFixedAssignments, { id: current.id, version: current.version }, { validTo: now }));
          if (!closed) throw await conflict(tx, ctx, "fiveFixed", input.projectId);
        }
        const created = await insertOne(tx, fiveFixedAssignments, {
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
        });
        await audit(tx, ctx, {
          entity: "fiveFixed",
          entityId: input.projectId,
          action: current ? "reassign" : "assign",
          before: current ?? null,
          after: created,
        });
        return created;
      });
    }),
});
