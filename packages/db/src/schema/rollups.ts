import { bigserial, date, index, integer, numeric, pgTable, smallint, text } from "drizzle-orm/pg-core";

/**
 * Figures the database keeps from the district's rows, by triggers in the transaction of every write
 * (drizzle/0013), so that the whole district's (or province's) panels read a few rows instead of
 * every row. The figures are exact sums: a panel read from here equals the same panel computed from
 * the rows (`rollups.test.ts` compares them after random writes). Scoped panels (a township, a unit,
 * an investor) read the rows: a scope is at most a district's size.
 */

/**
 * Investment per calendar month over every project, as additions: each statement that changes
 * progress reports or a project's total or planned dates appends what it changed per month (never
 * updates a row, so writers never wait for each other or deadlock here), a month's figure is the sum
 * of its rows, and `compact_investment_months()` (run by the server's maintenance job) folds them
 * into one row per month. Completed: Σ of the monthly progress reports. Planned: each project's total
 * spread evenly over the months from its planned start month to its planned completion month
 * inclusive, the shares summed exactly and rounded only when read.
 */
export const investmentMonthDeltas = pgTable(
  "investment_month_deltas",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** The first day of the month. */
    month: date().notNull(),
    completedWan: numeric().notNull().default("0"),
    plannedWan: numeric().notNull().default("0"),
  },
  (t) => [index("investment_month_deltas_month_idx").on(t.month)],
);

/**
 * The projects counted by stage, lifecycle status, year construction started and year signed, with
 * their total and completed investment: the headline figures of the whole district's summary. Kept
 * like the investment months (drizzle/0016): each statement that inserts, deletes or changes one of
 * these columns of projects appends its difference per group (−1 and the old sums for a row's old
 * group, +1 and the new sums for its new one), never updates a row, and
 * `compact_project_counts()` folds the rows of each group into one.
 */
export const projectCountDeltas = pgTable(
  "project_count_deltas",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    stage: text().notNull(),
    status: text().notNull(),
    /** The calendar year of the actual start of construction; null before it. */
    startYear: smallint(),
    /** The calendar year of the signing. */
    signedYear: smallint().notNull(),
    projects: integer().notNull().default(0),
    totalWan: numeric().notNull().default("0"),
    completedWan: numeric().notNull().default("0"),
  },
  (t) => [index("project_count_deltas_group_idx").on(t.stage, t.status, t.startYear, t.signedYear)],
);

/** The league tables' groups: a leader, a responsible unit, a township. */
const leagueGroup = {
  /** 'leader', 'unit' or 'township'. */
  dim: text().notNull(),
  /** The person's, unit's or township's id. */
  key: integer().notNull(),
};

/**
 * Each league group's time-independent sums over its projects, kept from `project_facts` by a
 * trigger (drizzle/0018): every change of a project's facts appends −its old figures to its old
 * groups and +its new figures to its new ones, so a project that changes leader moves with all its
 * figures. Append-only like the investment months; `compact_leagues()` folds the rows.
 */
export const leagueDeltas = pgTable(
  "league_deltas",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ...leagueGroup,
    projects: integer().notNull().default(0),
    milestonesDone: integer().notNull().default(0),
    milestonesOnTime: integer().notNull().default(0),
    problemsResolved: integer().notNull().default(0),
  },
  (t) => [index("league_deltas_group_idx").on(t.dim, t.key)],
);

/**
 * Each league group's open items per due date (milestones not reached, and all open items: those
 * and the unachieved current five-fixed deadline, permits on the clock, open problems): what is
 * overdue on a day is the sum over the dates before it, so nothing about today is stored.
 */
export const leagueDueDeltas = pgTable(
  "league_due_deltas",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ...leagueGroup,
    due: date().notNull(),
    milestones: integer().notNull().default(0),
    items: integer().notNull().default(0),
  },
  (t) => [index("league_due_deltas_due_idx").on(t.due)],
);

/** Each league group's resolved problems per whole days to resolve: the median's histogram. */
export const leagueResolvedDeltas = pgTable(
  "league_resolved_deltas",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ...leagueGroup,
    days: integer().notNull(),
    problems: integer().notNull().default(0),
  },
  (t) => [index("league_resolved_deltas_group_idx").on(t.dim, t.key, t.days)],
);
