import { schema } from "@tracker/db";
import { approvalItemOf, projectPermits } from "@tracker/db/queries";
import { canMovePermit, idSchema, PERMIT_STATUS_LABELS, permitMoveSchema, workingDays } from "@tracker/domain";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { assertProjectReadable, PROJECT_READERS } from "../access";
import { permitOutput } from "../outputs";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";
import { loadForWrite, writeVersioned } from "../write";

const { permits, approvalItems, projects } = schema;

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
  queue: roleProcedure("unit_staff").query(async ({ ctx }) => {
    if (ctx.user.unitId === null) return [];
    const today = ctx.today();
    const rows = await ctx.db
      .select({
        id: permits.id,
        version: permits.version,
        status: permits.status,
        submittedDate: permits.submittedDate,
        dueDate: permits.dueDate,
        itemName: approvalItems.name,
        statutoryDays: approvalItems.statutoryDays,
        projectId: projects.id,
        projectName: projects.name,
      })
      .from(permits)
      .innerJoin(approvalItems, eq(approvalItems.id, permits.approvalItemId))
      .innerJoin(projects, eq(projects.id, permits.projectId))
      .where(and(eq(approvalItems.unitId, ctx.user.unitId), inArray(permits.status, ["submitted", "in_review"])))
      .orderBy(asc(permits.dueDate), asc(permits.id));
    return rows.map((p) => ({ ...p, workingDaysLeft: p.dueDate ? workingDays.workingDaysBetween(today, p.dueDate) : null }));
  }),

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
