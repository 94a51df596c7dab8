import { type IsoDate, OPEN_PROBLEM_STATUSES, PENDING_PERMIT_STATUSES, workingDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { type DashboardFilter, projectScope, sqlList } from "./sql";

/** What is late and who owns it: the overdue items of each kind, and their totals. */
/*
 * The leadership dashboard's panels. Each is one or a few SQL statements over the raw tables, scoped
 * by `projectScope(filter)`; that predicate names "projects"."id" etc., so every statement below reads
 * the projects table under its own name (never aliased). Tables and columns are spelled out in the
 * SQL text (see the note in rag.ts on columns inside sub-query selections), and every value that
 * leaves the database is cast to int, float8 or text so PGlite and postgres.js return the same types.
 */

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

/**
 * What is late and who owns it: unachieved current five-fixed targets past their deadline, pending
 * milestones past their planned date, permits on the clock (submitted / in review) past their
 * statutory due date, open problems past their deadline. Each list is sorted most late first (ties by
 * id) and cut at `limit`; `totals` gives the full counts. Five statements, run concurrently: each
 * list walks its partial due-date index in order and stops at the limit, and the counts read those
 * indexes alone (they carry the project id), never a row of the tables.
 */
export async function overdueItems(db: Database, filter: DashboardFilter, today: IsoDate, limit = 50): Promise<OverdueItems> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0: ${limit}`);
  const scope = projectScope(filter);
  // Each list takes its page of ids from the partial due-date index first (a scope: only its projects'
  // items), then joins names to those rows alone. Joined in one statement, the planner sizes its
  // caches for every overdue item of the province rather than for the page (20 ms instead of 0.5).
  const inScope = (projectId: string) =>
    scope ? sql`and ${sql.raw(projectId)} in (select projects.id from projects where ${scope})` : sql``;
  const [fiveFixed, milestones, permits, problems, totals] = await Promise.all([
    rowsOf<OverdueFiveFixed>(
      db,
      sql`
      with page as materialized (
        select f.id from five_fixed_assignments f
        where f.valid_to is null and f.achieved_date is null and f.deadline < ${today}::date ${inScope("f.project_id")}
        order by f.deadline, f.id
        limit ${limit}
      )
      select projects.id as "projectId", projects.name as "projectName", f.target_task as "targetTask",
             to_char(f.deadline, 'YYYY-MM-DD') as deadline, (${today}::date - f.deadline)::int as "daysLate",
             leader.name as "leaderName", unit.short_name as "unitName", owner.name as "ownerName"
      from page
      join five_fixed_assignments f on f.id = page.id
      join projects on projects.id = f.project_id
      join people leader on leader.id = f.leader_id
      join people owner on owner.id = f.owner_id
      join units unit on unit.id = f.unit_id
      order by f.deadline, f.id`,
    ),
    rowsOf<OverdueMilestone>(
      db,
      sql`
      with page as materialized (
        select m.id from milestones m
        where m.actual_date is null and m.planned_date < ${today}::date ${inScope("m.project_id")}
        order by m.planned_date, m.id
        limit ${limit}
      )
      select projects.id as "projectId", projects.name as "projectName", m.id as "milestoneId", m.name,
             to_char(m.planned_date, 'YYYY-MM-DD') as "plannedDate", (${today}::date - m.planned_date)::int as "daysLate",
             leader.name as "leaderName", owner.name as "ownerName"
      from page
      join milestones m on m.id = page.id
      join projects on projects.id = m.project_id
      left join five_fixed_assignments f on f.project_id = m.project_id and f.valid_to is null
      left join people leader on leader.id = f.leader_id
      left join people owner on owner.id = f.owner_id
      order by m.planned_date, m.id`,
    ),
    rowsOf<Omit<OverduePermit, "workingDaysLate">>(
      db,
      sql`
      with page as materialized (
        select pe.id from permits pe
        where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and pe.due_date < ${today}::date ${inScope("pe.project_id")}
        order by pe.due_date, pe.id
        limit ${limit}
      )
      select projects.id as "projectId", projects.name as "projectName", pe.id as "permitId", ai.name as "itemName",
             unit.short_name as "unitName", to_char(pe.due_date, 'YYYY-MM-DD') as "dueDate"
      from page
      join permits pe on pe.id = page.id
      join projects on projects.id = pe.project_id
      join approval_items ai on ai.id = pe.approval_item_id
      join units unit on unit.id = ai.unit_id
      order by pe.due_date, pe.id`,
    ),
    rowsOf<OverdueProblem>(
      db,
      sql`
      with page as materialized (
        select pr.id from problems pr
        where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and pr.deadline < ${today}::date ${inScope("pr.project_id")}
        order by pr.deadline, pr.id
        limit ${limit}
      )
      select projects.id as "projectId", projects.name as "projectName", pr.id as "problemId", pr.description,
             unit.short_name as "assignedUnitName", pr.escalation_level as "escalationLevel",
             to_char(pr.deadline, 'YYYY-MM-DD') as deadline, (${today}::date - pr.deadline)::int as "daysLate"
      from page
      join problems pr on pr.id = page.id
      join projects on projects.id = pr.project_id
      join units unit on unit.id = pr.assigned_unit_id
      order by pr.deadline, pr.id`,
    ),
    overdueTotals(db, filter, today),
  ]);
  return {
    fiveFixed,
    milestones,
    permits: permits.map((p) => ({ ...p, workingDaysLate: workingDays.workingDaysBetween(p.dueDate, today) })),
    problems,
    totals,
  };
}

/**
 * The number of overdue items of each kind in scope, in one statement. For the whole district (or
 * province) each count is an index-only scan of its partial due-date index; a scope adds the
 * semi-join with its projects.
 */
export async function overdueTotals(db: Database, filter: DashboardFilter, today: IsoDate): Promise<OverdueItems["totals"]> {
  const scope = projectScope(filter);
  const inScope = (projectId: string) => (scope ? sql`and ${sql.raw(projectId)} in (select id from scoped)` : sql``);
  const [row] = await rowsOf<OverdueItems["totals"]>(
    db,
    sql`
    with scoped as (select projects.id from projects where ${scope ?? sql`true`})
    select
      (select count(*) from five_fixed_assignments f where f.valid_to is null and f.achieved_date is null
         and f.deadline < ${today}::date ${inScope("f.project_id")})::int as "fiveFixed",
      (select count(*) from milestones m where m.actual_date is null and m.planned_date < ${today}::date
         ${inScope("m.project_id")})::int as milestones,
      (select count(*) from permits pe where pe.status in ${sqlList(PENDING_PERMIT_STATUSES)} and pe.due_date < ${today}::date
         ${inScope("pe.project_id")})::int as permits,
      (select count(*) from problems pr where pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)} and pr.deadline < ${today}::date
         ${inScope("pr.project_id")})::int as problems`,
  );
  return row!;
}
