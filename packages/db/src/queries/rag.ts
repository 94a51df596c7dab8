import {
  addDays,
  DUE_SOON_DAYS,
  type IsoDate,
  OPEN_PROBLEM_STATUSES,
  PENDING_PERMIT_STATUSES,
  RAG_REASON_KINDS,
  type RagReasonKind,
} from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, scopeOf, sqlList } from "./sql";

/**
 * The RAG rule of DESIGN.md §2 (the same as `computeRag` in @tracker/domain) as one SQL expression
 * over a project id, so lists and dashboards can filter and count by colour in the database.
 * A test checks it against the domain function for every project of the demo district.
 */
export function ragColourSql(today: IsoDate): SQL<"red" | "amber" | "green"> {
  // Spelled out rather than interpolated as a column: drizzle renders a column unqualified inside a
  // subquery's selection, and there `project_id = "id"` would silently compare with the inner table's id.
  const projectId = sql.raw(`"projects"."id"`);
  const soon = addDays(today, DUE_SOON_DAYS);
  const dueBefore = (limit: IsoDate) => sql`
    exists (select 1 from five_fixed_assignments f where f.project_id = ${projectId} and f.valid_to is null
            and f.achieved_date is null and f.deadline < ${limit}::date)
    or exists (select 1 from milestones m where m.project_id = ${projectId} and m.actual_date is null and m.planned_date < ${limit}::date)
    or exists (select 1 from permits pe where pe.project_id = ${projectId} and pe.status in ${sqlList(PENDING_PERMIT_STATUSES)}
               and pe.due_date < ${limit}::date)
    or exists (select 1 from problems pr where pr.project_id = ${projectId} and pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)}
               and pr.deadline < ${limit}::date)`;
  return sql<"red" | "amber" | "green">`(case
    when ${dueBefore(today)} then 'red'
    when ${dueBefore(addDays(soon, 1))}
      or exists (select 1 from milestones m where m.project_id = ${projectId} and m.actual_date is null and m.replan_count > 1)
      then 'amber'
    else 'green' end)`;
}

// Why projects are red or amber: the reasons counted over a scope (the overview's reason panel).

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
      where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and pe.due_date <= ${soon}::date and pe.project_id in (select id from scoped)
      union all
      select 'problem', pr.project_id, pr.deadline
      from problems pr
      where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and pr.deadline <= ${soon}::date and pr.project_id in (select id from scoped)
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
