import { schema } from "@tracker/db";
import { projectRagColours } from "@tracker/db/queries";
import { addDays, DUE_SOON_DAYS, workingDays } from "@tracker/domain";
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const { approvalItems, fiveFixedAssignments, milestones, permits, problems, projects, units } = schema;

export const meRouter = createTRPCRouter({
  /**
   * "My work": what the signed-in user must do, soonest first — their projects, milestones due
   * within 14 days (or late), their unit's permits on the clock, and the open problems on their
   * projects or assigned to their unit.
   */
  work: protectedProcedure.query(async ({ ctx }) => {
    const today = ctx.today();
    const { user } = ctx;
    const person = user.personId;
    const holds = person !== null && (user.role === "leader" || user.role === "owner");
    const ownProjects = holds
      ? await ctx.db
          .select({ id: projects.id, name: projects.name, stage: projects.stage, status: projects.status })
          .from(projects)
          .innerJoin(
            fiveFixedAssignments,
            and(eq(fiveFixedAssignments.projectId, projects.id), isNull(fiveFixedAssignments.validTo)),
          )
          .where(or(eq(fiveFixedAssignments.leaderId, person), eq(fiveFixedAssignments.ownerId, person)))
          .orderBy(asc(projects.name))
      : user.role === "investor" && user.investorId !== null
        ? await ctx.db
            .select({ id: projects.id, name: projects.name, stage: projects.stage, status: projects.status })
            .from(projects)
            .where(eq(projects.investorId, user.investorId))
            .orderBy(asc(projects.name))
        : [];
    const ids = ownProjects.map((p) => p.id);
    const colours = await projectRagColours(ctx.db, ids, today);
    const unitId = user.role === "unit_staff" ? user.unitId : null;

    const [dueMilestones, unitPermits, openProblems] = await Promise.all([
      holds && ids.length > 0
        ? ctx.db
            .select({
              id: milestones.id,
              version: milestones.version,
              projectId: milestones.projectId,
              projectName: projects.name,
              name: milestones.name,
              plannedDate: milestones.plannedDate,
            })
            .from(milestones)
            .innerJoin(projects, eq(projects.id, milestones.projectId))
            .where(
              and(
                inArray(milestones.projectId, ids),
                eq(milestones.status, "pending"),
                lte(milestones.plannedDate, addDays(today, DUE_SOON_DAYS)),
              ),
            )
            .orderBy(asc(milestones.plannedDate), asc(milestones.id))
        : [],
      unitId !== null
        ? ctx.db
            .select({
              id: permits.id,
              version: permits.version,
              status: permits.status,
              projectId: projects.id,
              projectName: projects.name,
              itemName: approvalItems.name,
              dueDate: permits.dueDate,
            })
            .from(permits)
            .innerJoin(approvalItems, eq(approvalItems.id, permits.approvalItemId))
            .innerJoin(projects, eq(projects.id, permits.projectId))
            .where(and(eq(approvalItems.unitId, unitId), inArray(permits.status, ["submitted", "in_review"])))
            .orderBy(asc(permits.dueDate), asc(permits.id))
        : [],
      ids.length > 0 || unitId !== null
        ? ctx.db
            .select({
              id: problems.id,
              version: problems.version,
              projectId: projects.id,
              projectName: projects.name,
              description: problems.description,
              status: problems.status,
              escalationLevel: problems.escalationLevel,
              assignedUnitName: units.shortName,
              deadline: problems.deadline,
            })
            .from(problems)
            .innerJoin(projects, eq(projects.id, problems.projectId))
            .innerJoin(units, eq(units.id, problems.assignedUnitId))
            .where(
              and(
                inArray(problems.status, ["open", "in_progress"]),
                unitId !== null ? eq(problems.assignedUnitId, unitId) : inArray(problems.projectId, ids),
              ),
            )
            .orderBy(asc(problems.deadline), asc(problems.id))
        : [],
    ]);
    return {
      projects: ownProjects.map((p) => ({ ...p, rag: colours.get(p.id) ?? "green" })),
      milestones: dueMilestones.map((m) => ({ ...m, overdue: m.plannedDate < today })),
      permits: unitPermits.map((p) => ({
        ...p,
        workingDaysLeft: p.dueDate ? workingDays.workingDaysBetween(today, p.dueDate) : null,
      })),
      problems: openProblems.map((p) => ({ ...p, overdue: p.deadline < today })),
    };
  }),
});
