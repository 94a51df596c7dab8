import { addDays, DUE_SOON_DAYS, type IsoDate } from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";

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
    or exists (select 1 from permits pe where pe.project_id = ${projectId} and pe.status in ('submitted','in_review')
               and pe.due_date < ${limit}::date)
    or exists (select 1 from problems pr where pr.project_id = ${projectId} and pr.status in ('open','in_progress')
               and pr.deadline < ${limit}::date)`;
  return sql<"red" | "amber" | "green">`(case
    when ${dueBefore(today)} then 'red'
    when ${dueBefore(addDays(soon, 1))}
      or exists (select 1 from milestones m where m.project_id = ${projectId} and m.actual_date is null and m.replan_count > 1)
      then 'amber'
    else 'green' end)`;
}
