import { type IsoDate, STAGES, type Stage } from "@tracker/domain";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
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

/** The leadership headline figures, one grouped query over the projects table. */
export async function dashboardSummary(db: Database, filter: DashboardFilter, today: IsoDate): Promise<DashboardSummary> {
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
