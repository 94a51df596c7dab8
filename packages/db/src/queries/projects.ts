import {
  computeRag,
  type IsoDate,
  isPermitPending,
  type PROJECT_SORT_KEYS,
  type ProjectCategory,
  RAG_COLOURS,
  type Rag,
  type RagColour,
  type Stage,
  workingDays,
} from "@tracker/domain";
import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import {
  approvalItems,
  fiveFixedAssignments,
  investors,
  milestones,
  people,
  permits,
  problems,
  progressReports,
  projectFacts,
  projects,
  townships,
  units,
} from "../schema";
import { ragColourOfFacts } from "./rag";
import { containing, inYear, likeEscape, positionIn, projectScope, stageOrder } from "./sql";

export interface ProjectListParams {
  stage?: Stage | undefined;
  status?: "active" | "suspended" | "cancelled" | "operating" | undefined;
  townshipId?: number | undefined;
  unitId?: number | undefined;
  leaderId?: number | undefined;
  key?: boolean | undefined;
  overdue?: boolean | undefined;
  rag?: RagColour | undefined;
  industry?: string | undefined;
  category?: ProjectCategory | undefined;
  startedIn?: number | undefined;
  signedIn?: number | undefined;
  q?: string | undefined;
  sort?: { by: (typeof PROJECT_SORT_KEYS)[number]; dir: "asc" | "desc" } | undefined;
  page: number;
  pageSize: number;
  /** Investors see only their own company's projects. */
  investorId?: number | undefined;
}

const leader = alias(people, "leader");
const owner = alias(people, "owner");
const fiveFixedUnit = alias(units, "five_fixed_unit");

/**
 * The project register: filtered, sorted and paged in SQL, one row per project with its five-fixed
 * owners and its RAG colour; `total` counts every match.
 */
export async function listProjects(db: Database, params: ProjectListParams, today: IsoDate) {
  const rag = ragColourOfFacts(today);
  const q = params.q?.trim();
  const where = and(
    projectScope({ townshipId: params.townshipId, unitId: params.unitId, investorId: params.investorId }),
    params.stage ? eq(projects.stage, params.stage) : undefined,
    params.status ? eq(projects.status, params.status) : undefined,
    params.leaderId ? eq(fiveFixedAssignments.leaderId, params.leaderId) : undefined,
    params.key === undefined ? undefined : eq(projects.isKey, params.key),
    params.rag ? sql`${rag} = ${params.rag}` : undefined,
    params.industry ? eq(projects.industry, params.industry) : undefined,
    params.category ? eq(projects.category, params.category) : undefined,
    params.startedIn ? inYear(projects.actualStartDate, params.startedIn) : undefined,
    params.signedIn ? inYear(projects.signedDate, params.signedIn) : undefined,
    params.overdue === undefined ? undefined : params.overdue ? sql`${rag} = 'red'` : sql`${rag} <> 'red'`,
    q
      ? or(
          ilike(projects.name, containing(q)),
          ilike(projects.code, containing(q)),
          ilike(investors.name, containing(q)),
          sql`${projects.nameInitials} like ${`${likeEscape(q.toLowerCase())}%`}`,
        )
      : undefined,
  );
  const nameOf = (table: string, column: string, id: SQL | typeof projects.id) =>
    sql<string>`(select ${sql.raw(column)} from ${sql.raw(table)} where id = ${id})`;
  const sortColumns: Record<(typeof PROJECT_SORT_KEYS)[number], SQL> = {
    code: sql`${projects.code}`,
    name: sql`${projects.name}`,
    investorName: sql`${investors.name}`,
    industry: sql`${projects.industry}`,
    category: sql`${projects.category}`,
    townshipName: nameOf("townships", "name", sql`${projects.townshipId}`),
    isKey: sql`${projects.isKey}`,
    stage: stageOrder(projects.stage),
    status: sql`${projects.status}`,
    totalInvestmentWan: sql`${projects.totalInvestmentWan}`,
    completedInvestmentWan: sql`${projects.completedInvestmentWan}`,
    signedDate: sql`${projects.signedDate}`,
    plannedCompletionDate: sql`${projects.plannedCompletionDate}`,
    leaderName: nameOf("people", "name", sql`${fiveFixedAssignments.leaderId}`),
    unitName: nameOf("units", "short_name", sql`${fiveFixedAssignments.unitId}`),
    ownerName: nameOf("people", "name", sql`${fiveFixedAssignments.ownerId}`),
    deadline: sql`${fiveFixedAssignments.deadline}`,
    // Worst first when ascending.
    rag: positionIn(RAG_COLOURS, rag),
  };
  const sortBy = params.sort ? sortColumns[params.sort.by] : sql`${projects.totalInvestmentWan}`;
  const direction = (params.sort?.dir ?? "desc") === "asc" ? asc : desc;

  // Names come from scalar sub-queries (nameOf) rather than joins: seven joined tables cost PostgreSQL
  // ~8 ms of planning per call (measured), far more than running the query.
  const base = db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      investorId: projects.investorId,
      investorName: investors.name,
      industry: projects.industry,
      category: projects.category,
      townshipId: projects.townshipId,
      townshipName: nameOf("townships", "name", sql`${projects.townshipId}`),
      isKey: projects.isKey,
      stage: projects.stage,
      status: projects.status,
      signedDate: projects.signedDate,
      plannedCompletionDate: projects.plannedCompletionDate,
      totalInvestmentWan: projects.totalInvestmentWan,
      completedInvestmentWan: projects.completedInvestmentWan,
      leaderId: fiveFixedAssignments.leaderId,
      leaderName: nameOf("people", "name", sql`${fiveFixedAssignments.leaderId}`),
      unitId: fiveFixedAssignments.unitId,
      unitName: nameOf("units", "short_name", sql`${fiveFixedAssignments.unitId}`),
      ownerId: fiveFixedAssignments.ownerId,
      ownerName: nameOf("people", "name", sql`${fiveFixedAssignments.ownerId}`),
      targetTask: fiveFixedAssignments.targetTask,
      deadline: fiveFixedAssignments.deadline,
      rag,
    })
    .from(projects)
    .innerJoin(investors, eq(investors.id, projects.investorId))
    .leftJoin(fiveFixedAssignments, and(eq(fiveFixedAssignments.projectId, projects.id), isNull(fiveFixedAssignments.validTo)))
    .leftJoin(projectFacts, eq(projectFacts.projectId, projects.id))
    .where(where)
    .orderBy(direction(sortBy), asc(projects.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);

  // The total on its own rather than `count(*) over ()` on the page: a window makes every match go
  // through the select list (the names' sub-queries, the colour) before the limit; counted alone,
  // the page computes 20 rows and the count none (measured at 100,000 projects: 425 ms → see §Scale).
  // The count joins only what the filters read: every project has one investor, at most one current
  // five-fixed row and one facts row, so a join that no filter reads changes no count (at 100,000
  // projects the three joins cost 72 ms of a 15 ms count).
  let count = db.select({ n: sql<number>`count(*)::int` }).from(projects).$dynamic();
  if (q) count = count.innerJoin(investors, eq(investors.id, projects.investorId));
  if (params.leaderId) {
    count = count.leftJoin(
      fiveFixedAssignments,
      and(eq(fiveFixedAssignments.projectId, projects.id), isNull(fiveFixedAssignments.validTo)),
    );
  }
  if (params.rag || params.overdue !== undefined) count = count.leftJoin(projectFacts, eq(projectFacts.projectId, projects.id));
  const [rows, counted] = await Promise.all([base, count.where(where)]);
  return { items: rows, total: counted[0]!.n };
}

/** The RAG colour of each of some projects. */
export async function projectRagColours(db: Database, ids: readonly number[], today: IsoDate): Promise<Map<number, RagColour>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: projects.id, rag: ragColourOfFacts(today) })
    .from(projects)
    .leftJoin(projectFacts, eq(projectFacts.projectId, projects.id))
    .where(inArray(projects.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.rag]));
}

export type ProjectListItem = Awaited<ReturnType<typeof listProjects>>["items"][number];

/** A project's permits with issuing unit, statutory limit and working days left (negative when over). */
export async function projectPermits(db: Database, projectId: number, today: IsoDate) {
  const rows = await db
    .select({
      id: permits.id,
      approvalItemId: approvalItems.id,
      itemCode: approvalItems.code,
      name: approvalItems.name,
      itemStage: approvalItems.stage,
      unitId: units.id,
      unitName: units.shortName,
      statutoryDays: approvalItems.statutoryDays,
      status: permits.status,
      submittedDate: permits.submittedDate,
      dueDate: permits.dueDate,
      decidedDate: permits.decidedDate,
      certificateNo: permits.certificateNo,
      missingMaterials: permits.missingMaterials,
      version: permits.version,
    })
    .from(permits)
    .innerJoin(approvalItems, eq(approvalItems.id, permits.approvalItemId))
    .innerJoin(units, eq(units.id, approvalItems.unitId))
    .where(eq(permits.projectId, projectId))
    .orderBy(stageOrder(approvalItems.stage), asc(approvalItems.code));
  return rows.map((p) => {
    const pending = isPermitPending(p.status);
    return {
      ...p,
      /** Working days from today to the statutory deadline; null when the clock is not running. */
      workingDaysLeft: pending && p.dueDate ? workingDays.workingDaysBetween(today, p.dueDate) : null,
      /** Working days the unit took, for decided permits. */
      workingDaysTaken: p.submittedDate && p.decidedDate ? workingDays.workingDaysBetween(p.submittedDate, p.decidedDate) : null,
      overdue: pending && p.dueDate !== null && p.dueDate < today,
    };
  });
}

/** Everything the project page shows, with the RAG colour and its reasons. */
export async function getProject(db: Database, projectId: number, today: IsoDate, options: { withInvestorContacts: boolean }) {
  const [project] = await db
    .select({
      project: projects,
      townshipName: townships.name,
      investorName: investors.name,
      investorContactName: investors.contactName,
      investorContactPhone: investors.contactPhone,
    })
    .from(projects)
    .innerJoin(townships, eq(townships.id, projects.townshipId))
    .innerJoin(investors, eq(investors.id, projects.investorId))
    .where(eq(projects.id, projectId));
  if (!project) return null;

  const [fiveFixed, projectMilestones, projectPermitRows, projectProblems, reports] = await Promise.all([
    db
      .select({
        id: fiveFixedAssignments.id,
        leaderId: fiveFixedAssignments.leaderId,
        leaderName: leader.name,
        leaderTitle: leader.title,
        unitId: fiveFixedAssignments.unitId,
        unitName: fiveFixedUnit.name,
        ownerId: fiveFixedAssignments.ownerId,
        ownerName: owner.name,
        ownerPhone: owner.phone,
        targetTask: fiveFixedAssignments.targetTask,
        targets: fiveFixedAssignments.targets,
        deadline: fiveFixedAssignments.deadline,
        achievedDate: fiveFixedAssignments.achievedDate,
        validFrom: fiveFixedAssignments.validFrom,
        validTo: fiveFixedAssignments.validTo,
        reason: fiveFixedAssignments.reason,
        version: fiveFixedAssignments.version,
      })
      .from(fiveFixedAssignments)
      .innerJoin(leader, eq(leader.id, fiveFixedAssignments.leaderId))
      .innerJoin(owner, eq(owner.id, fiveFixedAssignments.ownerId))
      .innerJoin(fiveFixedUnit, eq(fiveFixedUnit.id, fiveFixedAssignments.unitId))
      .where(eq(fiveFixedAssignments.projectId, projectId))
      .orderBy(desc(fiveFixedAssignments.validFrom)),
    db.select().from(milestones).where(eq(milestones.projectId, projectId)).orderBy(asc(milestones.seq)),
    projectPermits(db, projectId, today),
    db
      .select({
        id: problems.id,
        category: problems.category,
        description: problems.description,
        assignedUnitId: problems.assignedUnitId,
        assignedUnitName: units.shortName,
        escalationLevel: problems.escalationLevel,
        deadline: problems.deadline,
        status: problems.status,
        resolution: problems.resolution,
        raisedAt: problems.raisedAt,
        resolvedAt: problems.resolvedAt,
        version: problems.version,
      })
      .from(problems)
      .innerJoin(units, eq(units.id, problems.assignedUnitId))
      .where(eq(problems.projectId, projectId))
      .orderBy(desc(problems.raisedAt)),
    db
      .select()
      .from(progressReports)
      .where(eq(progressReports.projectId, projectId))
      .orderBy(desc(progressReports.period))
      .limit(24),
  ]);

  const current = fiveFixed.find((f) => f.validTo === null) ?? null;
  const rag: Rag = computeRag(
    {
      fiveFixed: current
        ? { targetTask: current.targetTask ?? "", deadline: current.deadline, achievedDate: current.achievedDate }
        : null,
      milestones: projectMilestones,
      permits: projectPermitRows,
      problems: projectProblems,
    },
    today,
  );
  return {
    ...project.project,
    townshipName: project.townshipName,
    investor: {
      id: project.project.investorId,
      name: project.investorName,
      ...(options.withInvestorContacts
        ? { contactName: project.investorContactName, contactPhone: project.investorContactPhone }
        : {}),
    },
    fiveFixed: current,
    fiveFixedHistory: fiveFixed.filter((f) => f.validTo !== null),
    milestones: projectMilestones,
    permits: projectPermitRows,
    problems: projectProblems,
    progressReports: reports,
    rag,
  };
}

export type ProjectDetail = NonNullable<Awaited<ReturnType<typeof getProject>>>;
