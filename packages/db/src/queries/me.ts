/**
 * "My work" and the unit's permit queue: what one signed-in person must do, soonest first. The api's
 * `me.work` and `permits.queue` are these functions behind their role checks.
 */
import { addDays, DUE_SOON_DAYS, type IsoDate, type Role, workingDays } from "@tracker/domain";
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../client";
import { approvalItems, fiveFixedAssignments, milestones, permits, problems, projects, units } from "../schema";
import { projectRagColours } from "./projects";

/** Whose work: the signed-in user's role and the person, company or unit it stands for. */
export interface Worker {
  role: Role;
  personId: number | null;
  investorId: number | null;
  unitId: number | null;
}

/** Which project a row of work is on: every list of my work names it. */
const onProject = { projectId: projects.id, projectName: projects.name };

const PERMITS_ON_THE_CLOCK = ["submitted", "in_review"] as const;

/** A unit's permits on the clock (accepted or in review), the least time left first. */
export async function unitPermitQueue(db: Database, unitId: number, today: IsoDate) {
  const rows = await db
    .select({
      id: permits.id,
      version: permits.version,
      status: permits.status,
      submittedDate: permits.submittedDate,
      dueDate: permits.dueDate,
      itemName: approvalItems.name,
      statutoryDays: approvalItems.statutoryDays,
      ...onProject,
    })
    .from(permits)
    .innerJoin(approvalItems, eq(approvalItems.id, permits.approvalItemId))
    .innerJoin(projects, eq(projects.id, permits.projectId))
    .where(and(eq(approvalItems.unitId, unitId), inArray(permits.status, [...PERMITS_ON_THE_CLOCK])))
    .orderBy(asc(permits.dueDate), asc(permits.id));
  return rows.map((p) => ({ ...p, workingDaysLeft: p.dueDate ? workingDays.workingDaysBetween(today, p.dueDate) : null }));
}

const projectSummary = { id: projects.id, name: projects.name, stage: projects.stage, status: projects.status };

/** The projects a person leads or is in charge of (current five-fixed), or a company's own. */
function ownProjects(db: Database, who: Worker) {
  if ((who.role === "leader" || who.role === "owner") && who.personId !== null) {
    return db
      .select(projectSummary)
      .from(projects)
      .innerJoin(fiveFixedAssignments, and(eq(fiveFixedAssignments.projectId, projects.id), isNull(fiveFixedAssignments.validTo)))
      .where(or(eq(fiveFixedAssignments.leaderId, who.personId), eq(fiveFixedAssignments.ownerId, who.personId)))
      .orderBy(asc(projects.name));
  }
  if (who.role === "investor" && who.investorId !== null) {
    return db.select(projectSummary).from(projects).where(eq(projects.investorId, who.investorId)).orderBy(asc(projects.name));
  }
  return Promise.resolve([]);
}

/** Pending milestones of these projects due within DUE_SOON_DAYS (or late), soonest first. */
function milestonesDueSoon(db: Database, projectIds: number[], today: IsoDate) {
  return db
    .select({
      id: milestones.id,
      version: milestones.version,
      ...onProject,
      name: milestones.name,
      plannedDate: milestones.plannedDate,
    })
    .from(milestones)
    .innerJoin(projects, eq(projects.id, milestones.projectId))
    .where(
      and(
        inArray(milestones.projectId, projectIds),
        eq(milestones.status, "pending"),
        lte(milestones.plannedDate, addDays(today, DUE_SOON_DAYS)),
      ),
    )
    .orderBy(asc(milestones.plannedDate), asc(milestones.id));
}

/** Open problems assigned to a unit, or on these projects, the nearest deadline first. */
function openProblems(db: Database, where: { unitId: number } | { projectIds: number[] }) {
  return db
    .select({
      id: problems.id,
      version: problems.version,
      ...onProject,
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
        "unitId" in where ? eq(problems.assignedUnitId, where.unitId) : inArray(problems.projectId, where.projectIds),
      ),
    )
    .orderBy(asc(problems.deadline), asc(problems.id));
}

/**
 * What a person must do: their projects with RAG; for a leader or person in charge, the milestones
 * due within 14 days (or late); for window staff, their unit's permit queue; the open problems on
 * their projects or assigned to their unit.
 */
export async function myWork(db: Database, who: Worker, today: IsoDate) {
  const mine = await ownProjects(db, who);
  const ids = mine.map((p) => p.id);
  const holds = who.role === "leader" || who.role === "owner";
  const unitId = who.role === "unit_staff" ? who.unitId : null;
  const [colours, due, queue, problemRows] = await Promise.all([
    projectRagColours(db, ids, today),
    holds && ids.length > 0 ? milestonesDueSoon(db, ids, today) : [],
    unitId !== null ? unitPermitQueue(db, unitId, today) : [],
    unitId !== null ? openProblems(db, { unitId }) : ids.length > 0 ? openProblems(db, { projectIds: ids }) : [],
  ]);
  return {
    projects: mine.map((p) => ({ ...p, rag: colours.get(p.id) ?? "green" })),
    milestones: due.map((m) => ({ ...m, overdue: m.plannedDate < today })),
    permits: queue,
    problems: problemRows.map((p) => ({ ...p, overdue: p.deadline < today })),
  };
}
