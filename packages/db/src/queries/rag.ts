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
import { type DashboardFilter, projectScope, sqlList } from "./sql";

/**
 * The RAG rule of DESIGN.md §2 (the same as `computeRag` in @tracker/domain) as one SQL expression,
 * read from the `project_facts` row a query has left-joined under its own name (maintained by
 * triggers in the transaction of every write): red when the earliest open due date is before today,
 * amber when it is within DUE_SOON_DAYS or a milestone not yet reached was re-planned more than once,
 * green otherwise (also when the project has nothing owed, hence no facts row).
 */
export function ragColourOfFacts(today: IsoDate): SQL<"red" | "amber" | "green"> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const facts = (column: string) => sql.raw(`"project_facts"."${column}"`);
  return sql<"red" | "amber" | "green">`(case
      when ${facts("next_due")} < ${today}::date then 'red'
      when ${facts("next_due")} <= ${soon}::date or ${facts("replanned_milestones")} > 0 then 'amber'
      else 'green' end)`;
}

/**
 * The same rule computed from scratch, from the project's five-fixed, milestones, permits and
 * problems (nine `exists` sub-queries): the reference the kept facts are tested against
 * (`project-facts.test.ts`); too slow for lists at province scale.
 */
export function ragColourFromRowsSql(today: IsoDate): SQL<"red" | "amber" | "green"> {
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
  const scope = projectScope(filter);
  // The whole district (or province): no semi-join with every project, which costs more than the counts.
  const inScope = (projectId: string) => (scope ? sql`${sql.raw(projectId)} in (select id from scoped)` : sql`true`);
  // Overdue and re-planned from the kept facts (an item of a kind is overdue iff the kind's earliest
  // due date is); due soon from the items due in the window [today, today + 14], which the partial
  // indexes on each due date read directly.
  const rows = await rowsOf<{ kind: RagReasonKind; projects: number }>(
    db,
    sql`
    with scoped as (select projects.id from projects where ${scope ?? sql`true`}),
    facts as (select pf.* from project_facts pf where ${inScope("pf.project_id")}),
    soon as (
      select 'five_fixed' as base, f.project_id
      from five_fixed_assignments f
      where f.valid_to is null and f.achieved_date is null and f.deadline between ${today}::date and ${soon}::date
        and ${inScope("f.project_id")}
      union all
      select 'milestone', m.project_id
      from milestones m
      where m.actual_date is null and m.planned_date between ${today}::date and ${soon}::date
        and ${inScope("m.project_id")}
      union all
      select 'permit', pe.project_id
      from permits pe
      where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and pe.due_date between ${today}::date and ${soon}::date
        and ${inScope("pe.project_id")}
      union all
      select 'problem', pr.project_id
      from problems pr
      where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and pr.deadline between ${today}::date and ${soon}::date
        and ${inScope("pr.project_id")}
    )
    select base || '_due_soon' as kind, count(distinct project_id)::int as projects from soon group by base
    union all
    select v.kind, v.projects
    from (
      select count(*) filter (where five_fixed_due < ${today}::date)::int as five_fixed,
             count(*) filter (where milestone_due < ${today}::date)::int as milestone,
             count(*) filter (where permit_due < ${today}::date)::int as permit,
             count(*) filter (where problem_due < ${today}::date)::int as problem,
             count(*) filter (where replanned_milestones > 0)::int as replanned
      from facts
    ) c
    cross join lateral (values
      ('five_fixed_overdue', c.five_fixed), ('milestone_overdue', c.milestone), ('permit_overdue', c.permit),
      ('problem_overdue', c.problem), ('milestone_replanned', c.replanned)
    ) as v(kind, projects)`,
  );
  const counts = new Map(rows.map((r) => [r.kind, Number(r.projects)]));
  return RAG_REASON_KINDS.map((kind) => ({
    kind,
    colour: kind.endsWith("_overdue") ? ("red" as const) : ("amber" as const),
    projects: counts.get(kind) ?? 0,
  })).sort((a, b) => b.projects - a.projects || RAG_REASON_KINDS.indexOf(a.kind) - RAG_REASON_KINDS.indexOf(b.kind));
}
