import { lockProject, schema } from "@tracker/db";
import { projectPermits } from "@tracker/db/queries";
import { canMovePermit, idSchema, PERMIT_STATUS_LABELS, permitMoveSchema, workingDays } from "@tracker/domain";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { assertProjectReadable, PROJECT_READERS } from "../access";
import { audit, conflict, notFound } from "../audit";
import { permitOutput } from "../outputs";
import { createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

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
      const [row] = await ctx.db
        .select({ permit: permits, unitId: approvalItems.unitId, statutoryDays: approvalItems.statutoryDays })
        .from(permits)
        .innerJoin(approvalItems, eq(approvalItems.id, permits.approvalItemId))
        .where(eq(permits.id, input.id));
      if (!row) throw notFound(ctx, "permit");
      if (row.unitId !== ctx.user.unitId) throw userError(ctx, "FORBIDDEN", "notYourUnit");
      const { permit } = row;
      if (permit.version !== input.version) throw await conflict(ctx.db, ctx, "permit", input.id);
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
              dueDate: workingDays.addWorkingDays(today, row.statutoryDays),
              decidedDate: null,
              missingMaterials: null,
            }
          : input.to === "approved"
            ? { decidedDate: today, certificateNo: input.certificateNo, missingMaterials: null }
            : input.to === "returned"
              ? { decidedDate: today, missingMaterials: input.missingMaterials }
              : {};
      return writeTransaction(ctx, async (tx) => {
        await lockProject(tx, permit.projectId);
        const [updated] = await tx
          .update(permits)
          .set({ status: input.to, ...changes, version: sql`${permits.version} + 1` })
          .where(and(eq(permits.id, input.id), eq(permits.version, input.version)))
          .returning();
        if (!updated) throw await conflict(tx, ctx, "permit", input.id);
        await audit(tx, ctx, { entity: "permit", entityId: input.id, action: `to_${input.to}`, before: permit, after: updated });
        return updated;
      });
    }),
});
