/**
 * The SQL the query modules share: which projects a reader sees, calendar years, text search, the
 * stage order. Built from the domain's tuples, so an SQL literal never restates a list of the domain.
 */
import { type IsoDate, STAGES } from "@tracker/domain";
import { type AnyColumn, and, eq, exists, gte, lt, type SQL, sql } from "drizzle-orm";
import { fiveFixedAssignments, projects } from "../schema";
import { quotedList, sqlList } from "../schema/columns";

export { sqlList };

/** Which projects a dashboard or list reads: a township's, a unit's (by its five-fixed), a company's. */
export interface DashboardFilter {
  townshipId?: number | undefined;
  unitId?: number | undefined;
  /** Investors see only their own company's projects. */
  investorId?: number | undefined;
}

/**
 * The scope as a predicate over "projects" (unaliased), or undefined when it is empty. It names
 * "projects"."id", so a statement that uses it reads the projects table under its own name.
 */
export function projectScope(scope: DashboardFilter): SQL | undefined {
  return and(
    scope.townshipId ? eq(projects.townshipId, scope.townshipId) : undefined,
    scope.investorId ? eq(projects.investorId, scope.investorId) : undefined,
    scope.unitId
      ? exists(
          sql`(select 1 from ${fiveFixedAssignments} where ${fiveFixedAssignments.projectId} = ${projects.id}
               and ${fiveFixedAssignments.validTo} is null and ${fiveFixedAssignments.unitId} = ${scope.unitId})`,
        )
      : undefined,
  );
}

/** The scope predicate, or `true` when the scope is empty (for hand-written SQL text). */
export function scopeOf(scope: DashboardFilter): SQL {
  return projectScope(scope) ?? sql`true`;
}

/** The first day of a year and of the next, for `date >= from and date < to`. */
export function yearRange(year: number): { from: IsoDate; to: IsoDate } {
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/** `column` (a date) falls in the calendar year; the range form keeps the column's index usable. */
export function inYear(column: AnyColumn, year: number): SQL {
  const { from, to } = yearRange(year);
  return and(gte(column, from), lt(column, to))!;
}

/** Escapes LIKE wildcards so a search for `50%` looks for the text, not a pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An ILIKE pattern for "contains `text`", wildcards in the text taken literally. */
export function containing(text: string): string {
  return `%${likeEscape(text)}%`;
}

/** A value's place (from 1) in one of the domain's ordered tuples, for sorting in that order. */
export function positionIn(values: readonly string[], column: AnyColumn | SQL): SQL<number> {
  return sql<number>`array_position(${sql.raw(`array[${quotedList(values)}]`)}::text[], ${column})`;
}

/** A stage's place in the domain's order (1 = negotiation), for sorting by stage. */
export function stageOrder(column: AnyColumn | SQL): SQL<number> {
  return positionIn(STAGES, column);
}
