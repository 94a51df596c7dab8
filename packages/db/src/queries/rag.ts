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
  // Every kind from the partial indexes on its due date, which carry the project id: overdue = items
  // due before today, due soon = items due in the window [today, today + 14], counted by project.
  // Re-planned from the kept facts' partial index. No scan of every project's facts.
  const kinds = [
    {
      base: "five_fixed",
      from: sql`five_fixed_assignments f where f.valid_to is null and f.achieved_date is null and`,
      due: "f.deadline",
      project: "f.project_id",
    },
    {
      base: "milestone",
      from: sql`milestones m where m.actual_date is null and`,
      due: "m.planned_date",
      project: "m.project_id",
    },
    {
      base: "permit",
      from: sql`permits pe where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and`,
      due: "pe.due_date",
      project: "pe.project_id",
    },
    {
      base: "problem",
      from: sql`problems pr where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and`,
      due: "pr.deadline",
      project: "pr.project_id",
    },
  ];
  const counts = kinds.flatMap(({ base, from, due, project }) => [
    sql`select ${`${base}_overdue`}::text as kind, count(distinct ${sql.raw(project)})::int as projects
        from ${from} ${sql.raw(due)} < ${today}::date and ${inScope(project)}`,
    sql`select ${`${base}_due_soon`}::text as kind, count(distinct ${sql.raw(project)})::int as projects
        from ${from} ${sql.raw(due)} between ${today}::date and ${soon}::date and ${inScope(project)}`,
  ]);
  const rows = await rowsOf<{ kind: RagReasonKind; projects: number }>(
    db,
    sql`
    with scoped as (select projects.id from projects where ${scope ?? sql`true`})
    ${sql.join(counts, sql` union all `)}
    union all
    select 'milestone_replanned', count(*)::int from project_facts pf where pf.replanned_milestones > 0 and ${inScope("pf.project_id")}`,
  );
  const byKind = new Map(rows.map((r) => [r.kind, Number(r.projects)]));
  return RAG_REASON_KINDS.map((kind) => ({
    kind,
    colour: kind.endsWith("_overdue") ? ("red" as const) : ("amber" as const),
    projects: byKind.get(kind) ?? 0,
  })).sort((a, b) => b.projects - a.projects || RAG_REASON_KINDS.indexOf(a.kind) - RAG_REASON_KINDS.indexOf(b.kind));
}
