import { addDays, DUE_SOON_DAYS, type IsoDate, STAGES, type Stage } from "@tracker/domain";
import { eq, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { projectFacts, projects } from "../schema";
import { ragColourOfFacts } from "./rag";
import { type DashboardFilter, projectScope, yearRange } from "./sql";

export interface DashboardSummary {
  projectCount: number;
  totalInvestmentWan: number;
  completedInvestmentWan: number;
  operatingCount: number;
  /** The calendar year of `today`; the two counts below are for it. */
  year: number;
  /** Projects whose construction actually started this year (开工). */
  startedThisYearCount: number;
  /** Projects signed, i.e. newly settled in the district, this year (落地). */
  settledThisYearCount: number;
  byStage: { stage: Stage; count: number; totalInvestmentWan: number }[];
  rag: { red: number; amber: number; green: number };
}

/**
 * The leadership headline figures. The whole district (or province) reads the figures the database
 * keeps with every write (`project_count_deltas`, drizzle/0016) and counts red and amber projects
 * from the indexes of the kept RAG facts, a few hundred rows whatever the number of projects; a scope
 * (a township, a unit, an investor) is at most a district and is computed from its projects.
 */
export async function dashboardSummary(db: Database, filter: DashboardFilter, today: IsoDate): Promise<DashboardSummary> {
  if (projectScope(filter) !== undefined) return dashboardSummaryFromRows(db, filter, today);
  const year = Number(today.slice(0, 4));
  const soon = addDays(today, DUE_SOON_DAYS);
  const [groups, [rag]] = await Promise.all([
    rowsOf<{
      stage: Stage;
      status: string;
      startYear: number | null;
      signedYear: number;
      count: number;
      total: string;
      completed: string;
    }>(
      db,
      sql`select stage, status, start_year as "startYear", signed_year as "signedYear", sum(projects)::int as count,
                 sum(total_wan)::text as total, sum(completed_wan)::text as completed
          from project_count_deltas group by 1, 2, 3, 4 having sum(projects) <> 0`,
    ),
    // The rule of ragColourOfFacts counted from the indexes on next_due: red before today, amber up
    // to today + DUE_SOON_DAYS or re-planned (and not red), green the rest (projects without facts too).
    rowsOf<{ red: number; amber: number }>(
      db,
      sql`select (select count(*) from project_facts where next_due < ${today}::date)::int as red,
                 ((select count(*) from project_facts where next_due >= ${today}::date and next_due <= ${soon}::date)
                  + (select count(*) from project_facts where replanned_milestones > 0
                       and (next_due is null or next_due > ${soon}::date)))::int as amber`,
    ),
  ]);
  const byStage = new Map<Stage, { count: number; total: bigint }>(STAGES.map((s) => [s, { count: 0, total: 0n }]));
  let projectCount = 0;
  let total = 0n;
  let completed = 0n;
  let operatingCount = 0;
  let startedThisYearCount = 0;
  let settledThisYearCount = 0;
  for (const g of groups) {
    const s = byStage.get(g.stage)!;
    s.count += g.count;
    s.total += BigInt(g.total);
    projectCount += g.count;
    total += BigInt(g.total);
    completed += BigInt(g.completed);
    if (g.status === "operating") operatingCount += g.count;
    if (g.startYear === year) startedThisYearCount += g.count;
    if (g.signedYear === year) settledThisYearCount += g.count;
  }
  return {
    projectCount,
    totalInvestmentWan: Number(total),
    completedInvestmentWan: Number(completed),
    operatingCount,
    year,
    startedThisYearCount,
    settledThisYearCount,
    byStage: STAGES.map((stage) => ({
      stage,
      count: byStage.get(stage)!.count,
      totalInvestmentWan: Number(byStage.get(stage)!.total),
    })),
    rag: { red: rag!.red, amber: rag!.amber, green: projectCount - rag!.red - rag!.amber },
  };
}

/**
 * The headline figures computed from the projects' rows and their RAG facts, one grouped query: what
 * a scoped summary reads, and the reference the kept figures are tested against (`rollups.test.ts`).
 */
export async function dashboardSummaryFromRows(db: Database, filter: DashboardFilter, today: IsoDate): Promise<DashboardSummary> {
  const year = Number(today.slice(0, 4));
  const { from: yearStart, to: nextYearStart } = yearRange(year);
  const scoped = db
    .select({
      stage: projects.stage,
      status: projects.status,
      total: projects.totalInvestmentWan,
      completed: projects.completedInvestmentWan,
      rag: ragColourOfFacts(today).as("rag"),
      startedThisYear:
        sql<boolean>`(${projects.actualStartDate} >= ${yearStart} and ${projects.actualStartDate} < ${nextYearStart})`.as(
          "started_this_year",
        ),
      settledThisYear: sql<boolean>`(${projects.signedDate} >= ${yearStart} and ${projects.signedDate} < ${nextYearStart})`.as(
        "settled_this_year",
      ),
    })
    .from(projects)
    .leftJoin(projectFacts, eq(projectFacts.projectId, projects.id))
    .where(projectScope(filter))
    .as("scoped");
  const rows = await db
    .select({
      stage: scoped.stage,
      rag: scoped.rag,
      count: sql<number>`count(*)::int`,
      total: sql<string>`coalesce(sum(${scoped.total}), 0)::text`,
      completed: sql<string>`coalesce(sum(${scoped.completed}), 0)::text`,
      operating: sql<number>`(count(*) filter (where ${scoped.status} = 'operating'))::int`,
      started: sql<number>`(count(*) filter (where ${scoped.startedThisYear}))::int`,
      settled: sql<number>`(count(*) filter (where ${scoped.settledThisYear}))::int`,
    })
    .from(scoped)
    .groupBy(scoped.stage, scoped.rag);

  const byStage = new Map<Stage, { count: number; total: bigint }>(STAGES.map((s) => [s, { count: 0, total: 0n }]));
  const rag = { red: 0, amber: 0, green: 0 };
  let total = 0n;
  let completed = 0n;
  let operatingCount = 0;
  let startedThisYearCount = 0;
  let settledThisYearCount = 0;
  for (const r of rows) {
    const s = byStage.get(r.stage)!;
    s.count += r.count;
    s.total += BigInt(r.total);
    rag[r.rag] += r.count;
    total += BigInt(r.total);
    completed += BigInt(r.completed);
    operatingCount += r.operating;
    startedThisYearCount += r.started;
    settledThisYearCount += r.settled;
  }
  return {
    projectCount: rows.reduce((n, r) => n + r.count, 0),
    totalInvestmentWan: Number(total),
    completedInvestmentWan: Number(completed),
    operatingCount,
    year,
    startedThisYearCount,
    settledThisYearCount,
    byStage: STAGES.map((stage) => ({
      stage,
      count: byStage.get(stage)!.count,
      totalInvestmentWan: Number(byStage.get(stage)!.total),
    })),
    rag,
  };
}
