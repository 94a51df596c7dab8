import {
  addDays,
  addMonths,
  DUE_SOON_DAYS,
  type IsoDate,
  monthStart,
  RAG_REASON_KINDS,
  type RagReasonKind,
  workingDays,
} from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, projectScope } from "./dashboard";

/*
 * The leadership dashboard's panels. Each is one or a few SQL statements over the raw tables, scoped
 * by `projectScope(filter)`; that predicate names "projects"."id" etc., so every statement below reads
 * the projects table under its own name (never aliased). Tables and columns are spelled out in the
 * SQL text (see the note in rag.ts on columns inside sub-query selections), and every value that
 * leaves the database is cast to int, float8 or text so PGlite and postgres.js return the same types.
 */

/** The scope predicate, or `true` when the filter is empty. */
function scopeOf(filter: DashboardFilter): SQL {
  return projectScope(filter) ?? sql`true`;
}

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
  const last = addMonths(monthStart(today), -1);
  const first = addMonths(monthStart(today), -INVESTMENT_MONTHS);
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
// 2. RAG reasons

export interface RagReasonCount {
  kind: RagReasonKind;
  colour: "red" | "amber";
  /** Projects in scope with at least one item of this kind. */
  projects: number;
}

/**
 * For every reason kind of the domain's RAG rule (`computeRag`), the number of projects in scope with
 * at least one such item, most frequent first (every kind is listed, zeros included; ties in the
 * order of RAG_REASON_KINDS). Same rules as computeRag: achieved five-fixed targets, done milestones,
 * permits not on the clock (only submitted / in_review count) and closed problems are ignored; due
 * soon = due from today to today + 14 days.
 */
export async function ragReasonCounts(db: Database, filter: DashboardFilter, today: IsoDate): Promise<RagReasonCount[]> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const scope = scopeOf(filter);
  const rows = await rowsOf<{ kind: RagReasonKind; projects: number }>(
    db,
    sql`
    with scoped as (select projects.id from projects where ${scope}),
    items as (
      select 'five_fixed' as base, f.project_id, f.deadline as due
      from five_fixed_assignments f
      where f.valid_to is null and f.achieved_date is null and f.deadline <= ${soon}::date
        and f.project_id in (select id from scoped)
      union all
      select 'milestone', m.project_id, m.planned_date
      from milestones m
      where m.actual_date is null and m.planned_date <= ${soon}::date and m.project_id in (select id from scoped)
      union all
      select 'permit', pe.project_id, pe.due_date
      from permits pe
      where pe.status in ('submitted','in_review') and pe.due_date <= ${soon}::date and pe.project_id in (select id from scoped)
      union all
      select 'problem', pr.project_id, pr.deadline
      from problems pr
      where pr.status in ('open','in_progress') and pr.deadline <= ${soon}::date and pr.project_id in (select id from scoped)
    )
    select base || case when due < ${today}::date then '_overdue' else '_due_soon' end as kind,
           count(distinct project_id)::int as projects
    from items
    group by 1
    union all
    select 'milestone_replanned', count(distinct m.project_id)::int
    from milestones m
    where m.actual_date is null and m.replan_count > 1 and m.project_id in (select id from scoped)`,
  );
  const counts = new Map(rows.map((r) => [r.kind, Number(r.projects)]));
  return RAG_REASON_KINDS.map((kind) => ({
    kind,
    colour: kind.endsWith("_overdue") ? ("red" as const) : ("amber" as const),
    projects: counts.get(kind) ?? 0,
  })).sort((a, b) => b.projects - a.projects || RAG_REASON_KINDS.indexOf(a.kind) - RAG_REASON_KINDS.indexOf(b.kind));
}

// ---------------------------------------------------------------------------------------------------
// 3. Overdue items

export interface OverdueFiveFixed {
  projectId: number;
  projectName: string;
  targetTask: string | null;
  deadline: IsoDate;
  daysLate: number;
  leaderName: string;
  unitName: string;
  ownerName: string;
}

export interface OverdueMilestone {
  projectId: number;
  projectName: string;
  milestoneId: number;
  name: string;
  plannedDate: IsoDate;
  daysLate: number;
  /** From the project's current five-fixed assignment; null when it has none. */
  leaderName: string | null;
  ownerName: string | null;
}

export interface OverduePermit {
  projectId: number;
  projectName: string;
  permitId: number;
  itemName: string;
  /** The issuing unit (short name). */
  unitName: string;
  dueDate: IsoDate;
  /**
   * Working days after the due date up to and including today. Can be 0 for a permit that is overdue
   * by the calendar (due date < today) when only rest days have passed, e.g. due Friday, today Saturday.
   */
  workingDaysLate: number;
}

export interface OverdueProblem {
  projectId: number;
  projectName: string;
  problemId: number;
  description: string;
  assignedUnitName: string;
  escalationLevel: "unit" | "working_group" | "district";
  deadline: IsoDate;
  daysLate: number;
}

export interface OverdueItems {
  fiveFixed: OverdueFiveFixed[];
  milestones: OverdueMilestone[];
  permits: OverduePermit[];
  problems: OverdueProblem[];
  /** How many items each list has before the limit. */
  totals: { fiveFixed: number; milestones: number; permits: number; problems: number };
}

type WithTotal<T> = T & { total: number };

/**
 * What is late and who owns it: unachieved current five-fixed targets past their deadline, pending
 * milestones past their planned date, permits on the clock (submitted / in review) past their
 * statutory due date, open problems past their deadline. Each list is sorted most late first (ties by
 * id) and cut at `limit`; `totals` gives the full counts. Four statements, run concurrently.
 */
export async function overdueItems(db: Database, filter: DashboardFilter, today: IsoDate, limit = 50): Promise<OverdueItems> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0: ${limit}`);
  const scope = scopeOf(filter);
  const [fiveFixed, milestones, permits, problems] = await Promise.all([
    rowsOf<WithTotal<OverdueFiveFixed>>(
      db,
      sql`
      select projects.id as "projectId", projects.name as "projectName", f.target_task as "targetTask",
             to_char(f.deadline, 'YYYY-MM-DD') as deadline, (${today}::date - f.deadline)::int as "daysLate",
             leader.name as "leaderName", unit.short_name as "unitName", owner.name as "ownerName",
             (count(*) over ())::int as total
      from five_fixed_assignments f
      join projects on projects.id = f.project_id
      join people leader on leader.id = f.leader_id
      join people owner on owner.id = f.owner_id
      join units unit on unit.id = f.unit_id
      where f.valid_to is null and f.achieved_date is null and f.deadline < ${today}::date and ${scope}
      order by f.deadline, f.id
      limit ${limit}`,
    ),
    rowsOf<WithTotal<OverdueMilestone>>(
      db,
      sql`
      select projects.id as "projectId", projects.name as "projectName", m.id as "milestoneId", m.name,
             to_char(m.planned_date, 'YYYY-MM-DD') as "plannedDate", (${today}::date - m.planned_date)::int as "daysLate",
             leader.name as "leaderName", owner.name as "ownerName",
             (count(*) over ())::int as total
      from milestones m
      join projects on projects.id = m.project_id
      left join five_fixed_assignments f on f.project_id = m.project_id and f.valid_to is null
      left join people leader on leader.id = f.leader_id
      left join people owner on owner.id = f.owner_id
      where m.actual_date is null and m.planned_date < ${today}::date and ${scope}
      order by m.planned_date, m.id
      limit ${limit}`,
    ),
    rowsOf<WithTotal<Omit<OverduePermit, "workingDaysLate">>>(
      db,
      sql`
      select projects.id as "projectId", projects.name as "projectName", pe.id as "permitId", ai.name as "itemName",
             unit.short_name as "unitName", to_char(pe.due_date, 'YYYY-MM-DD') as "dueDate",
             (count(*) over ())::int as total
      from permits pe
      join projects on projects.id = pe.project_id
      join approval_items ai on ai.id = pe.approval_item_id
      join units unit on unit.id = ai.unit_id
      where pe.status in ('submitted','in_review') and pe.due_date < ${today}::date and ${scope}
      order by pe.due_date, pe.id
      limit ${limit}`,
    ),
    rowsOf<WithTotal<OverdueProblem>>(
      db,
      sql`
      select projects.id as "projectId", projects.name as "projectName", pr.id as "problemId", pr.description,
             unit.short_name as "assignedUnitName", pr.escalation_level as "escalationLevel",
             to_char(pr.deadline, 'YYYY-MM-DD') as deadline, (${today}::date - pr.deadline)::int as "daysLate",
             (count(*) over ())::int as total
      from problems pr
      join projects on projects.id = pr.project_id
      join units unit on unit.id = pr.assigned_unit_id
      where pr.status in ('open','in_progress') and pr.deadline < ${today}::date and ${scope}
      order by pr.deadline, pr.id
      limit ${limit}`,
    ),
  ]);
  const strip = <T extends { total: number }>(rows: T[]): Omit<T, "total">[] => rows.map(({ total: _total, ...row }) => row);
  // An empty page carries no window count: nothing is late, or the limit is 0 and the totals need a count of their own.
  const counted = limit === 0 ? await overdueTotals(db, filter, today) : null;
  const totalOf = (rows: { total: number }[], kind: keyof OverdueItems["totals"]) => rows[0]?.total ?? counted?.[kind] ?? 0;
  return {
    fiveFixed: strip(fiveFixed),
    milestones: strip(milestones),
    permits: strip(permits).map((p) => ({ ...p, workingDaysLate: workingDays.workingDaysBetween(p.dueDate, today) })),
    problems: strip(problems),
    totals: {
      fiveFixed: totalOf(fiveFixed, "fiveFixed"),
      milestones: totalOf(milestones, "milestones"),
      permits: totalOf(permits, "permits"),
      problems: totalOf(problems, "problems"),
    },
  };
}

/** The number of overdue items of each kind in scope, in one statement. */
export async function overdueTotals(db: Database, filter: DashboardFilter, today: IsoDate): Promise<OverdueItems["totals"]> {
  const scope = scopeOf(filter);
  const [row] = await rowsOf<OverdueItems["totals"]>(
    db,
    sql`
    with scoped as (select projects.id from projects where ${scope})
    select
      (select count(*) from five_fixed_assignments f where f.valid_to is null and f.achieved_date is null
         and f.deadline < ${today}::date and f.project_id in (select id from scoped))::int as "fiveFixed",
      (select count(*) from milestones m where m.actual_date is null and m.planned_date < ${today}::date
         and m.project_id in (select id from scoped))::int as milestones,
      (select count(*) from permits pe where pe.status in ('submitted','in_review') and pe.due_date < ${today}::date
         and pe.project_id in (select id from scoped))::int as permits,
      (select count(*) from problems pr where pr.status in ('open','in_progress') and pr.deadline < ${today}::date
         and pr.project_id in (select id from scoped))::int as problems`,
  );
  return row!;
}

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
      where pe.status in ('submitted','in_review') and pe.due_date < ${today}::date and pe.project_id in (select id from scoped)
      group by pe.project_id
    ),
    pr as (
      select pr.project_id,
             count(*) filter (where pr.status in ('open','in_progress') and pr.deadline < ${today}::date) as overdue,
             count(*) filter (where pr.status in ('resolved','verified')) as resolved
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
      where pr.status in ('resolved','verified') and g.key is not null
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
