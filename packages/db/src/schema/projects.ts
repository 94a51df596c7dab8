import { LIFECYCLE_STATUSES, MILESTONE_STATUSES, PROJECT_CATEGORIES, STAGES } from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, sqlList, updatedAt, version, wan } from "./columns";
import { investors, people, townships, units } from "./org";

/** 项目: one signed investment project. */
export const projects = pgTable(
  "projects",
  {
    id: serial().primaryKey(),
    /** Modelled on the national investment project code, e.g. 2009-411702-36-03-000123. */
    code: text().notNull(),
    name: text().notNull(),
    /** Lower-case pinyin initials of the name, for search (`hjzz` finds 华骏铸造二期). */
    nameInitials: text().notNull().default(""),
    investorId: integer()
      .notNull()
      .references(() => investors.id),
    industry: text().notNull(),
    category: text({ enum: PROJECT_CATEGORIES }).notNull(),
    townshipId: integer()
      .notNull()
      .references(() => townships.id),
    isKey: boolean().notNull().default(false),
    signedDate: date().notNull(),
    plannedStartDate: date(),
    plannedCompletionDate: date(),
    actualStartDate: date(),
    actualCompletionDate: date(),
    totalInvestmentWan: wan().notNull(),
    /** Σ of the progress reports' investment; kept in the same transaction as every report write. */
    completedInvestmentWan: wan().notNull().default(0),
    jobsPlanned: integer().notNull().default(0),
    jobsHired: integer().notNull().default(0),
    stage: text({ enum: STAGES }).notNull(),
    status: text({ enum: LIFECYCLE_STATUSES }).notNull().default("active"),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("projects_code_uq").on(t.code),
    index("projects_stage_idx").on(t.stage),
    index("projects_status_idx").on(t.status),
    index("projects_township_idx").on(t.townshipId),
    index("projects_investor_idx").on(t.investorId),
    index("projects_key_idx").on(t.isKey),
    index("projects_signed_idx").on(t.signedDate),
    // The register's default order (largest first, then id): its first page is read off the index.
    index("projects_total_idx").on(t.totalInvestmentWan.desc().nullsFirst(), t.id),
    check("projects_stage_ck", sql`${t.stage} in ${sqlList(STAGES)}`),
    check("projects_status_ck", sql`${t.status} in ${sqlList(LIFECYCLE_STATUSES)}`),
    check("projects_category_ck", sql`${t.category} in ${sqlList(PROJECT_CATEGORIES)}`),
    check("projects_investment_ck", sql`${t.totalInvestmentWan} >= 0 and ${t.completedInvestmentWan} >= 0`),
    check("projects_completed_le_total_ck", sql`${t.completedInvestmentWan} <= ${t.totalInvestmentWan}`),
    check("projects_jobs_ck", sql`${t.jobsPlanned} >= 0 and ${t.jobsHired} >= 0`),
    check(
      "projects_planned_dates_ck",
      sql`${t.plannedCompletionDate} is null or ${t.plannedStartDate} is null or ${t.plannedCompletionDate} >= ${t.plannedStartDate}`,
    ),
    check(
      "projects_actual_dates_ck",
      sql`${t.actualCompletionDate} is null or (${t.actualStartDate} is not null and ${t.actualCompletionDate} >= ${t.actualStartDate})`,
    ),
    check("projects_start_after_signing_ck", sql`${t.actualStartDate} is null or ${t.actualStartDate} >= ${t.signedDate}`),
    check("projects_operating_ck", sql`(${t.status} = 'operating') = (${t.stage} = 'operating')`),
    check("projects_version_ck", sql`${t.version} >= 1`),
  ],
);

/**
 * 五定: supervising leader, responsible unit, person in charge, target task, deadline. One current row
 * per project (valid_to is null); a reassignment closes it and opens another, so history is kept.
 */
export const fiveFixedAssignments = pgTable(
  "five_fixed_assignments",
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    leaderId: integer()
      .notNull()
      .references(() => people.id),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    ownerId: integer()
      .notNull()
      .references(() => people.id),
    /** 目标任务 in words, e.g. 2026年底主体封顶, 年内完成投资2亿元. */
    targetTask: text(),
    /** Measurable targets, e.g. {"investmentWan": 20000, "floorsToppedOut": 18}. */
    targets: jsonb().$type<Record<string, number>>(),
    deadline: date(),
    achievedDate: date(),
    validFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp({ withTimezone: true }),
    reason: text(),
    version: version(),
  },
  (t) => [
    uniqueIndex("five_fixed_current_uq").on(t.projectId).where(sql`${t.validTo} is null`),
    // A project's five-fixed history, newest first (the project page; plans.test.ts found it scanned).
    index("five_fixed_project_idx").on(t.projectId, t.validFrom),
    index("five_fixed_leader_idx").on(t.leaderId).where(sql`${t.validTo} is null`),
    index("five_fixed_owner_idx").on(t.ownerId).where(sql`${t.validTo} is null`),
    index("five_fixed_unit_idx").on(t.unitId).where(sql`${t.validTo} is null`),
    index("five_fixed_deadline_idx")
      .on(t.deadline, t.id, t.projectId)
      .where(sql`${t.validTo} is null and ${t.achievedDate} is null`),
    check("five_fixed_validity_ck", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check("five_fixed_target_ck", sql`(${t.targetTask} is null) = (${t.deadline} is null)`),
  ],
);

/** 节点: a dated milestone of a project's plan. */
export const milestones = pgTable(
  "milestones",
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    stage: text({ enum: STAGES }).notNull(),
    seq: smallint().notNull(),
    name: text().notNull(),
    /** The first plan; never overwritten, so slippage stays visible. */
    baselineDate: date().notNull(),
    plannedDate: date().notNull(),
    actualDate: date(),
    status: text({ enum: MILESTONE_STATUSES }).notNull().default("pending"),
    replanCount: smallint().notNull().default(0),
    version: version(),
  },
  (t) => [
    uniqueIndex("milestones_project_seq_uq").on(t.projectId, t.seq),
    index("milestones_due_idx").on(t.plannedDate, t.id, t.projectId).where(sql`${t.actualDate} is null`),
    check("milestones_stage_ck", sql`${t.stage} in ${sqlList(STAGES)}`),
    check("milestones_status_ck", sql`(${t.status} = 'done') = (${t.actualDate} is not null)`),
    check("milestones_replan_ck", sql`${t.replanCount} >= 0`),
  ],
);

/** Each re-plan of a milestone with its reason (the baseline never moves). */
export const milestoneReplans = pgTable(
  "milestone_replans",
  {
    id: serial().primaryKey(),
    milestoneId: integer()
      .notNull()
      .references(() => milestones.id),
    fromDate: date().notNull(),
    toDate: date().notNull(),
    reason: text().notNull(),
    byPersonId: integer().references(() => people.id),
    at: createdAt(),
  },
  (t) => [
    index("milestone_replans_milestone_idx").on(t.milestoneId),
    check("milestone_replans_reason_ck", sql`length(trim(${t.reason})) > 0`),
  ],
);

/**
 * What a project's RAG colour is computed from, kept by the database in the transaction of every
 * write that changes it: triggers on five-fixed, milestones, permits and problems recompute the rows
 * of the projects a statement touched (drizzle/0010_project_facts_triggers.sql). Derived, never
 * written by the application; the colour is then an indexed comparison of `next_due` with today.
 */
export const projectFacts = pgTable(
  "project_facts",
  {
    projectId: integer()
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** The current five-fixed deadline, while the target is not achieved. */
    fiveFixedDue: date(),
    /** The earliest planned date of a milestone not yet reached. */
    milestoneDue: date(),
    /** The earliest statutory due date of a permit on the clock (submitted, in review). */
    permitDue: date(),
    /** The earliest deadline of an open problem (open, in progress). */
    problemDue: date(),
    /** Milestones not yet reached that were re-planned more than once. */
    replannedMilestones: integer().notNull().default(0),
    // What the league tables count (drizzle/0018): the project's groups and its figures, from which
    // a trigger on this table keeps each group's sums (league_deltas, league_due_deltas, league_resolved_deltas).
    /** The project's township. */
    townshipId: integer(),
    /** The current five-fixed supervising leader and responsible unit; null without an assignment. */
    leaderId: integer(),
    unitId: integer(),
    /** Milestones reached, and of those reached on or before their (current) planned date. */
    milestonesDone: integer().notNull().default(0),
    milestonesOnTime: integer().notNull().default(0),
    /** Problems resolved or verified. */
    problemsResolved: integer().notNull().default(0),
    /** The planned dates of the milestones not yet reached, ascending (with repeats). */
    openMilestoneDues: date().array().notNull().default(sql`'{}'`),
    /**
     * The due dates of the project's other open items, ascending: the current unachieved five-fixed
     * deadline, permits on the clock, open problems' deadlines.
     */
    openOtherDues: date().array().notNull().default(sql`'{}'`),
    /** Whole days from raised to resolved of each resolved problem, ascending (`resolve_days`). */
    resolvedDays: integer().array().notNull().default(sql`'{}'`),
    /** The earliest of the four: red when before today, amber when within DUE_SOON_DAYS. */
    nextDue: date().generatedAlwaysAs(
      (): SQL =>
        sql`least(${projectFacts.fiveFixedDue}, ${projectFacts.milestoneDue}, ${projectFacts.permitDue}, ${projectFacts.problemDue})`,
    ),
  },
  (t) => [
    index("project_facts_next_due_idx").on(t.nextDue),
    // Carries next_due so the summary counts the re-planned projects that are not already red or amber by a date from the index alone.
    index("project_facts_replanned_idx").on(t.nextDue).where(sql`${t.replannedMilestones} > 0`),
  ],
);
