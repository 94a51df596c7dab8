import {
  ESCALATION_LEVELS,
  OPEN_PROBLEM_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_STATUSES,
  SOLVED_PROBLEM_STATUSES,
} from "@tracker/domain";
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, sqlList, version } from "./columns";
import { people, units } from "./org";
import { projects } from "./projects";

/** 问题台账: a problem that blocks a project, solved on a clock and escalated when it is not. */
export const problems = pgTable(
  "problems",
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    category: text({ enum: PROBLEM_CATEGORIES }).notNull(),
    description: text().notNull(),
    raisedByPersonId: integer().references(() => people.id),
    assignedUnitId: integer()
      .notNull()
      .references(() => units.id),
    escalationLevel: text({ enum: ESCALATION_LEVELS }).notNull().default("unit"),
    deadline: date().notNull(),
    status: text({ enum: PROBLEM_STATUSES }).notNull().default("open"),
    resolution: text(),
    raisedAt: createdAt(),
    resolvedAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    version: version(),
  },
  (t) => [
    index("problems_project_idx").on(t.projectId),
    index("problems_unit_idx").on(t.assignedUnitId),
    index("problems_open_deadline_idx")
      .on(t.deadline, t.id, t.projectId)
      .where(sql`${t.status} in ${sqlList(OPEN_PROBLEM_STATUSES)}`),
    check("problems_category_ck", sql`${t.category} in ${sqlList(PROBLEM_CATEGORIES)}`),
    check("problems_status_ck", sql`${t.status} in ${sqlList(PROBLEM_STATUSES)}`),
    check("problems_escalation_ck", sql`${t.escalationLevel} in ${sqlList(ESCALATION_LEVELS)}`),
    check(
      "problems_resolution_ck",
      sql`${t.status} not in ${sqlList(SOLVED_PROBLEM_STATUSES)} or (${t.resolution} is not null and ${t.resolvedAt} is not null)`,
    ),
    check("problems_verified_ck", sql`(${t.status} = 'verified') = (${t.verifiedAt} is not null)`),
    check("problems_resolved_order_ck", sql`${t.resolvedAt} is null or ${t.resolvedAt} >= ${t.raisedAt}`),
  ],
);
