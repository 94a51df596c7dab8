import { type IsoDate, OPEN_PROBLEM_STATUSES, PENDING_PERMIT_STATUSES, SOLVED_PROBLEM_STATUSES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, scopeOf, sqlList } from "./sql";

/** The league tables: townships, units and leaders ranked by what they move and what they leave late. */
/*
 * The leadership dashboard's panels. Each is one or a few SQL statements over the raw tables, scoped
 * by `projectScope(filter)`; that predicate names "projects"."id" etc., so every statement below reads
 * the projects table under its own name (never aliased). Tables and columns are spelled out in the
 * SQL text (see the note in rag.ts on columns inside sub-query selections), and every value that
 * leaves the database is cast to int, float8 or text so PGlite and postgres.js return the same types.
 */

// ---------------------------------------------------------------------------------------------------
// 4. League tables

export interface LeagueRow {
  id: number;
  name: string;
  /** Projects in the group. */
  projects: number;
  /**
   * Of the group's milestones due by today (planned date before today, or done), the share done on or
   * before their (current) planned date; null when the group has no such milestone.
   */
  onTimeRate: number | null;
  /**
   * Pending milestones past their planned date + permits on the clock past their due date + open
   * problems past their deadline + unachieved current five-fixed targets past their deadline.
   */
  overdueCount: number;
  /** Problems resolved or verified. */
  problemsResolved: number;
  /** Median of resolved_at − raised_at over those problems, in days (one decimal); null if none. */
  medianDaysToResolve: number | null;
}

export interface LeagueTables {
  /** By the current five-fixed supervising leader (分包领导). */
  leaders: LeagueRow[];
  /** By the current five-fixed responsible unit (责任单位). */
  units: LeagueRow[];
  /** By the project's township or subdistrict. */
  townships: LeagueRow[];
}

/**
 * Rankings of leaders, responsible units and townships, best first: by on-time rate (descending,
 * groups without due milestones last), then overdue count (ascending), then id. One statement: the
 * per-project figures are computed once and each project is counted in its three groups. Projects
 * without a current five-fixed assignment appear only in the township table.
 */
export async function leagueTables(db: Database, filter: DashboardFilter, today: IsoDate): Promise<LeagueTables> {
  const scope = scopeOf(filter);
  const rows = await rowsOf<{
    dim: "leader" | "unit" | "township";
    id: number;
    name: string;
    projects: number;
    on_time_rate: number | null;
    overdue: number;
    resolved: number;
    median_days: number | null;
  }>(
    db,
    sql`
    with scoped as (
      select projects.id, projects.township_id, f.leader_id, f.unit_id,
             (f.achieved_date is null and f.deadline < ${today}::date)::int as five_fixed_overdue
      from projects
      left join five_fixed_assignments f on f.project_id = projects.id and f.valid_to is null
      where ${scope}
    ),
    ms as (
      select m.project_id,
             count(*) filter (where m.planned_date < ${today}::date or m.actual_date is not null) as due,
             count(*) filter (where m.actual_date <= m.planned_date) as on_time,
             count(*) filter (where m.actual_date is null and m.planned_date < ${today}::date) as overdue
      from milestones m where m.project_id in (select id from scoped)
      group by m.project_id
    ),
    pe as (
      select pe.project_id, count(*) as overdue
      from permits pe
      where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and pe.due_date < ${today}::date and pe.project_id in (select id from scoped)
      group by pe.project_id
    ),
    pr as (
      select pr.project_id,
             count(*) filter (where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and pr.deadline < ${today}::date) as overdue,
             count(*) filter (where pr.status in ${sqlList(SOLVED_PROBLEM_STATUSES)}) as resolved
      from problems pr where pr.project_id in (select id from scoped)
      group by pr.project_id
    ),
    per_project as (
      select scoped.id, scoped.township_id, scoped.leader_id, scoped.unit_id,
             coalesce(ms.due, 0) as due, coalesce(ms.on_time, 0) as on_time,
             coalesce(scoped.five_fixed_overdue, 0) + coalesce(ms.overdue, 0) + coalesce(pe.overdue, 0)
               + coalesce(pr.overdue, 0) as overdue,
             coalesce(pr.resolved, 0) as resolved
      from scoped
      left join ms on ms.project_id = scoped.id
      left join pe on pe.project_id = scoped.id
      left join pr on pr.project_id = scoped.id
    ),
    grouped as (
      select g.dim, g.key, count(*) as projects, sum(pp.due) as due, sum(pp.on_time) as on_time,
             sum(pp.overdue) as overdue, sum(pp.resolved) as resolved
      from per_project pp
      cross join lateral (values ('leader', pp.leader_id), ('unit', pp.unit_id), ('township', pp.township_id)) g(dim, key)
      where g.key is not null
      group by g.dim, g.key
    ),
    medians as (
      select g.dim, g.key,
             percentile_cont(0.5) within group (order by extract(epoch from (pr.resolved_at - pr.raised_at))::float8 / 86400) as days
      from problems pr
      join scoped on scoped.id = pr.project_id
      cross join lateral (values ('leader', scoped.leader_id), ('unit', scoped.unit_id), ('township', scoped.township_id)) g(dim, key)
      where pr.status in ${sqlList(SOLVED_PROBLEM_STATUSES)} and g.key is not null
      group by g.dim, g.key
    )
    select grouped.dim, grouped.key as id,
           case grouped.dim
             when 'leader' then (select name from people where id = grouped.key)
             when 'unit' then (select short_name from units where id = grouped.key)
             else (select name from townships where id = grouped.key)
           end as name,
           grouped.projects::int as projects,
           (grouped.on_time::float8 / nullif(grouped.due, 0))::float8 as on_time_rate,
           grouped.overdue::int as overdue,
           grouped.resolved::int as resolved,
           round(medians.days::numeric, 1)::float8 as median_days
    from grouped
    left join medians on medians.dim = grouped.dim and medians.key = grouped.key
    order by grouped.dim, on_time_rate desc nulls last, grouped.overdue, grouped.key`,
  );
  const tables: LeagueTables = { leaders: [], units: [], townships: [] };
  const target = { leader: tables.leaders, unit: tables.units, township: tables.townships };
  for (const r of rows) {
    target[r.dim].push({
      id: Number(r.id),
      name: r.name,
      projects: Number(r.projects),
      onTimeRate: r.on_time_rate === null ? null : Number(r.on_time_rate),
      overdueCount: Number(r.overdue),
      problemsResolved: Number(r.resolved),
      medianDaysToResolve: r.median_days === null ? null : Number(r.median_days),
    });
  }
  return tables;
}
