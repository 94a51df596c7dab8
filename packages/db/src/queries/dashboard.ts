import { type IsoDate, STAGES, type Stage } from "@tracker/domain";
import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { fiveFixedAssignments, projects } from "../schema";
import { ragColourSql } from "./rag";

export interface DashboardFilter {
  townshipId?: number | undefined;
  unitId?: number | undefined;
  /** Investors see only their own company's projects. */
  investorId?: number | undefined;
}

export function projectScope(filter: DashboardFilter): SQL | undefined {
  return and(
    filter.townshipId ? eq(projects.townshipId, filter.townshipId) : undefined,
    filter.investorId ? eq(projects.investorId, filter.investorId) : undefined,
    filter.unitId
      ? exists(
          sql`(select 1 from ${fiveFixedAssignments} where ${fiveFixedAssignments.projectId} = ${projects.id}
               and ${fiveFixedAssignments.validTo} is null and ${fiveFixedAssignments.unitId} = ${filter.unitId})`,
        )
      : undefined,
  );
}

export interface DashboardSummary {
  projectCount: number;
  totalInvestmentWan: number;
  completedInvestmentWan: number;
  operatingCount: number;
  byStage: { stage: Stage; count: number; totalInvestmentWan: number }[];
  rag: { red: number; amber: number; green: number };
}

/** The leadership headline figures, one grouped query over the projects table. */
export async function dashboardSummary(db: Database, filter: DashboardFilter, today: IsoDate): Promise<DashboardSummary> {
  const scoped = db
    .select({
      stage: projects.stage,
      status: projects.status,
      total: projects.totalInvestmentWan,
      completed: projects.completedInvestmentWan,
      rag: ragColourSql(today).as("rag"),
    })
    .from(projects)
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
    })
    .from(scoped)
    .groupBy(scoped.stage, scoped.rag);

  const byStage = new Map<Stage, { count: number; total: bigint }>(STAGES.map((s) => [s, { count: 0, total: 0n }]));
  const rag = { red: 0, amber: 0, green: 0 };
  let total = 0n;
  let completed = 0n;
  let operatingCount = 0;
  for (const r of rows) {
    const s = byStage.get(r.stage)!;
    s.count += r.count;
    s.total += BigInt(r.total);
    rag[r.rag] += r.count;
    total += BigInt(r.total);
    completed += BigInt(r.completed);
    operatingCount += r.operating;
  }
  return {
    projectCount: rows.reduce((n, r) => n + r.count, 0),
    totalInvestmentWan: Number(total),
    completedInvestmentWan: Number(completed),
    operatingCount,
    byStage: STAGES.map((stage) => ({
      stage,
      count: byStage.get(stage)!.count,
      totalInvestmentWan: Number(byStage.get(stage)!.total),
    })),
    rag,
  };
}
