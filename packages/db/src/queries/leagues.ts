import { type IsoDate, OPEN_PROBLEM_STATUSES, PENDING_PERMIT_STATUSES, SOLVED_PROBLEM_STATUSES } from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, projectScope, scopeOf, sqlList } from "./sql";

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
  /**
   * Median of the days those problems took, each counted in whole days from raised to resolved
   * (`resolve_days`, rounded), so a whole number or a half; null if none.
   */
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
 * groups without due milestones last), then overdue count (ascending), then id. Projects without a
 * current five-fixed assignment appear only in the township table. The whole district (or province)
 * sums the figures the database keeps per group with every write (drizzle/0018): a few rows per
 * group, and the open items per due date before today; a scope reads the rows (`leagueTablesFromRows`).
 */
export async function leagueTables(db: Database, filter: DashboardFilter, today: IsoDate): Promise<LeagueTables> {
  if (projectScope(filter) !== undefined) return leagueTablesFromRows(db, filter, today);
  const rows = await rowsOf<LeagueSqlRow>(
    db,
    sql`
    with base as (
      select dim, key, sum(projects) as projects, sum(milestones_done) as done, sum(milestones_on_time) as on_time,
             sum(problems_resolved) as resolved
      from league_deltas group by dim, key having sum(projects) <> 0
    ),
    late as (
      select dim, key, sum(milestones) as milestones, sum(items) as items
      from league_due_deltas where due < ${today}::date group by dim, key
    ),
    hist as (
      select dim, key, days, sum(problems) as n from league_resolved_deltas group by dim, key, days having sum(problems) <> 0
    ),
    cum as (
      select dim, key, days, sum(n) over (partition by dim, key order by days) as upto, sum(n) over (partition by dim, key) as total
      from hist
    ),
    -- percentile_cont(0.5) from the histogram: the values at positions ⌊(n+1)/2⌋ and ⌊n/2⌋+1, averaged.
    medians as (
      select dim, key,
             (min(days) filter (where upto >= (total::bigint + 1) / 2) + min(days) filter (where upto >= total::bigint / 2 + 1)) / 2.0 as days
      from cum group by dim, key
    )
    select base.dim, base.key as id, ${groupName(sql`base.dim`, sql`base.key`)} as name,
           base.projects::int as projects,
           (base.on_time::float8 / nullif(base.done + coalesce(late.milestones, 0), 0))::float8 as on_time_rate,
           coalesce(late.items, 0)::int as overdue,
           base.resolved::int as resolved,
           round(medians.days::numeric, 1)::float8 as median_days
    from base
    left join late on late.dim = base.dim and late.key = base.key
    left join medians on medians.dim = base.dim and medians.key = base.key
    order by base.dim, on_time_rate desc nulls last, overdue, base.key`,
  );
  return toTables(rows);
}

interface LeagueSqlRow {
  dim: "leader" | "unit" | "township";
  id: number;
  name: string;
  projects: number;
  on_time_rate: number | null;
  overdue: number;
  resolved: number;
  median_days: number | null;
}

/** A group's name: the leader's, the unit's short name, the township's. */
function groupName(dim: SQL, key: SQL): SQL {
  return sql`case ${dim}
             when 'leader' then (select name from people where id = ${key})
             when 'unit' then (select short_name from units where id = ${key})
             else (select name from townships where id = ${key})
           end`;
}

function toTables(rows: LeagueSqlRow[]): LeagueTables {
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

/**
 * The league tables computed from the rows, one statement: the per-project figures are computed once
 * and each project is counted in its three groups. What a scoped league reads, and the reference the
 * kept figures are tested against (`rollups.test.ts`).
 */
export async function leagueTablesFromRows(db: Database, filter: DashboardFilter, today: IsoDate): Promise<LeagueTables> {
  const scope = scopeOf(filter);
  const rows = await rowsOf<LeagueSqlRow>(
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
             percentile_cont(0.5) within group (order by resolve_days(pr.raised_at, pr.resolved_at)) as days
      from problems pr
      join scoped on scoped.id = pr.project_id
      cross join lateral (values ('leader', scoped.leader_id), ('unit', scoped.unit_id), ('township', scoped.township_id)) g(dim, key)
      where pr.status in ${sqlList(SOLVED_PROBLEM_STATUSES)} and g.key is not null
      group by g.dim, g.key
    )
    select grouped.dim, grouped.key as id,
           ${groupName(sql`grouped.dim`, sql`grouped.key`)} as name,
           grouped.projects::int as projects,
           (grouped.on_time::float8 / nullif(grouped.due, 0))::float8 as on_time_rate,
           grouped.overdue::int as overdue,
           grouped.resolved::int as resolved,
           round(medians.days::numeric, 1)::float8 as median_days
    from grouped
    left join medians on medians.dim = grouped.dim and medians.key = grouped.key
    order by grouped.dim, on_time_rate desc nulls last, grouped.overdue, grouped.key`,
  );
  return toTables(rows);
}
