import { approvalItemOf, projectPermits, unitPermitQueue } from "@tracker/db/queries";
import { canMovePermit, idSchema, PERMIT_STATUS_LABELS, permitMoveSchema, workingDays } from "@tracker/domain";
import { z } from "zod";
import { assertProjectReadable, PROJECT_READERS } from "../access";
import { permitOutput } from "../outputs";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";
import { loadForWrite, writeVersioned } from "../write";

export const permitsRouter = createTRPCRouter({
  /** A project's permits with status, issuing unit, statutory limit and working days left. */
  forProject: roleProcedure(...PROJECT_READERS)
    .input(z.object({ projectId: idSchema }))
    .output(z.array(permitOutput))
    .query(async ({ ctx, input }) => {
      await assertProjectReadable(ctx, input.projectId);
      return projectPermits(ctx.db, input.projectId, ctx.today());
    }),

  /** The signed-in staff member's unit's permits on the clock, the least time left first. */
  queue: roleProcedure("unit_staff").query(({ ctx }) =>
    ctx.user.unitId === null ? [] : unitPermitQueue(ctx.db, ctx.user.unitId, ctx.today()),
  ),

  /**
   * Staff of the issuing unit move a permit: accept it (the statutory clock starts), review it,
   * approve it with its certificate number, or return it with everything missing listed once.
   */
  move: roleProcedure("unit_staff")
    .input(permitMoveSchema)
    .mutation(async ({ ctx, input }) => {
      let statutoryDays = 0;
      const permit = await loadForWrite(ctx, "permit", input.id, input.version, async (p) => {
        const item = await approvalItemOf(ctx.db, p.approvalItemId);
        if (item.unitId !== ctx.user.unitId) throw userError(ctx, "FORBIDDEN", "notYourUnit");
        statutoryDays = item.statutoryDays;
      });
      if (!canMovePermit(permit.status, input.to)) {
        throw userError(ctx, "BAD_REQUEST", "permitMoveNotAllowed", {
          from: PERMIT_STATUS_LABELS[permit.status][ctx.locale],
          to: PERMIT_STATUS_LABELS[input.to][ctx.locale],
        });
      }
      const today = ctx.today();
      const changes =
        input.to === "submitted"
          ? {
              submittedDate: today,
              dueDate: workingDays.addWorkingDays(today, statutoryDays),
              decidedDate: null,
              missingMaterials: null,
            }
          : input.to === "approved"
            ? { decidedDate: today, certificateNo: input.certificateNo, missingMaterials: null }
            : input.to === "returned"
              ? { decidedDate: today, missingMaterials: input.missingMaterials }
              : {};
      return writeVersioned(ctx, {
        entity: "permit",
        row: permit,
        action: `to_${input.to}`,
        set: { status: input.to, ...changes },
      });
    }),
});
