import { addMonths, type IsoDate, monthStart } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, projectScope, scopeOf } from "./sql";

/** Investment: completed investment by month, and the split by industry and by township. */
/*
 * The leadership dashboard's panels. Each is one or a few SQL statements over the raw tables, scoped
 * by `projectScope(filter)`; that predicate names "projects"."id" etc., so every statement below reads
 * the projects table under its own name (never aliased). Tables and columns are spelled out in the
 * SQL text (see the note in rag.ts on columns inside sub-query selections), and every value that
 * leaves the database is cast to int, float8 or text so PGlite and postgres.js return the same types.
 */

// ---------------------------------------------------------------------------------------------------
// 1. Investment by month

export interface InvestmentMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Σ of the progress reports of that month (万元). */
  completedWan: number;
  /** Planned investment of that month: each project's total spread evenly over its planned months (万元, rounded). */
  plannedWan: number;
}

export const INVESTMENT_MONTHS = 24;

/**
 * Completed against planned investment for the 24 whole months before today's month, oldest first.
 * Planned: each project with planned start and completion dates has its total investment spread evenly
 * over the calendar months from its planned start month to its planned completion month inclusive; the
 * shares are summed per month exactly (numeric) and rounded to whole 万元 at the end.
 */
export async function investmentByMonth(db: Database, filter: DashboardFilter, today: IsoDate): Promise<InvestmentMonth[]> {
  if (projectScope(filter) !== undefined) return investmentByMonthFromRows(db, filter, today);
  // Everything: the months the database keeps with every write (drizzle/0013), a few rows each.
  const { first, last } = investmentWindow(today);
  const rows = await rowsOf<{ month: string; completed: number; planned: number }>(
    db,
    sql`
    with kept as (
      select d.month, sum(d.completed_wan) as completed, sum(d.planned_wan) as planned
      from investment_month_deltas d where d.month between ${first}::date and ${last}::date
      group by d.month
    )
    select to_char(gs, 'YYYY-MM') as month,
           coalesce(kept.completed, 0)::float8 as completed,
           coalesce(round(kept.planned), 0)::float8 as planned
    from generate_series(${first}::date::timestamp, ${last}::date::timestamp, interval '1 month') gs
    left join kept on kept.month = gs::date
    order by gs`,
  );
  return rows.map((r) => ({ month: r.month, completedWan: Number(r.completed), plannedWan: Number(r.planned) }));
}

/** The 24 whole months before today's month: their first days. */
function investmentWindow(today: IsoDate): { first: IsoDate; last: IsoDate } {
  return { first: addMonths(monthStart(today), -INVESTMENT_MONTHS), last: addMonths(monthStart(today), -1) };
}

/**
 * The same figures computed from the reports and projects in scope: what a scoped panel reads, and
 * the reference the kept months are tested against (`rollups.test.ts`).
 */
export async function investmentByMonthFromRows(
  db: Database,
  filter: DashboardFilter,
  today: IsoDate,
): Promise<InvestmentMonth[]> {
  const { first, last } = investmentWindow(today);
  const scope = scopeOf(filter);
  const rows = await rowsOf<{ month: string; completed: number; planned: number }>(
    db,
    sql`
    with months as (
      select gs::date as m
      from generate_series(${first}::date::timestamp, ${last}::date::timestamp, interval '1 month') gs
    ),
    completed as (
      select r.period as m, sum(r.investment_wan) as wan
      from progress_reports r join projects on projects.id = r.project_id
      where r.period between ${first}::date and ${last}::date and ${scope}
      group by r.period
    ),
    spans as (
      select projects.total_investment_wan::numeric as total,
             date_trunc('month', projects.planned_start_date)::date as s,
             date_trunc('month', projects.planned_completion_date)::date as e
      from projects
      where projects.planned_start_date is not null and projects.planned_completion_date is not null
        and projects.planned_start_date < (${last}::date + interval '1 month')
        and projects.planned_completion_date >= ${first}::date
        and ${scope}
    ),
    planned as (
      select gs::date as m,
             sum(spans.total / ((extract(year from spans.e) - extract(year from spans.s)) * 12
                                + extract(month from spans.e) - extract(month from spans.s) + 1)::int) as wan
      from spans
      cross join lateral generate_series(greatest(spans.s, ${first}::date)::timestamp,
                                         least(spans.e, ${last}::date)::timestamp, interval '1 month') gs
      group by gs
    )
    select to_char(months.m, 'YYYY-MM') as month,
           coalesce(completed.wan, 0)::float8 as completed,
           coalesce(round(planned.wan), 0)::float8 as planned
    from months
    left join completed on completed.m = months.m
    left join planned on planned.m = months.m
    order by months.m`,
  );
  return rows.map((r) => ({ month: r.month, completedWan: Number(r.completed), plannedWan: Number(r.planned) }));
}

// ---------------------------------------------------------------------------------------------------
// 5. Investment by industry and by township

export interface InvestmentShare {
  /** The industry's name, or the township's. */
  name: string;
  /** The township's id; null for industries. */
  townshipId: number | null;
  projects: number;
  totalWan: number;
  completedWan: number;
}

export interface InvestmentBreakdown {
  byIndustry: InvestmentShare[];
  byTownship: InvestmentShare[];
}

/**
 * Projects, total and completed investment per industry and per township (every township listed,
 * zeros included), largest total first; ties by name.
 */
export async function investmentBreakdown(db: Database, filter: DashboardFilter): Promise<InvestmentBreakdown> {
  const scope = scopeOf(filter);
  const byIndustry = await rowsOf<{ name: string; projects: number; total: number; completed: number }>(
    db,
    sql`
    select projects.industry as name, count(*)::int as projects,
           sum(projects.total_investment_wan)::float8 as total,
           sum(projects.completed_investment_wan)::float8 as completed
    from projects
    where ${scope}
    group by projects.industry
    order by total desc, name`,
  );
  const byTownship = await rowsOf<{ id: number; name: string; projects: number; total: number; completed: number }>(
    db,
    sql`
    select t.id::int as id, t.name as name, count(projects.id)::int as projects,
           coalesce(sum(projects.total_investment_wan), 0)::float8 as total,
           coalesce(sum(projects.completed_investment_wan), 0)::float8 as completed
    from townships t
    left join projects on projects.township_id = t.id and ${scope}
    group by t.id, t.name
    order by total desc, t.name`,
  );
  return {
    byIndustry: byIndustry.map((r) => ({
      name: r.name,
      townshipId: null,
      projects: Number(r.projects),
      totalWan: Number(r.total),
      completedWan: Number(r.completed),
    })),
    byTownship: byTownship.map((r) => ({
      name: r.name,
      townshipId: Number(r.id),
      projects: Number(r.projects),
      totalWan: Number(r.total),
      completedWan: Number(r.completed),
    })),
  };
}
