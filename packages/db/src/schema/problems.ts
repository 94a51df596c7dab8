import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, version } from "./columns";
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
    category: text({ enum: ["land", "permits", "funding", "utilities", "site", "labour", "other"] }).notNull(),
    description: text().notNull(),
    raisedByPersonId: integer().references(() => people.id),
    assignedUnitId: integer()
      .notNull()
      .references(() => units.id),
    escalationLevel: text({ enum: ["unit", "working_group", "district"] })
      .notNull()
      .default("unit"),
    deadline: date().notNull(),
    status: text({ enum: ["open", "in_progress", "resolved", "verified"] })
      .notNull()
      .default("open"),
    resolution: text(),
    raisedAt: createdAt(),
    resolvedAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    version: version(),
  },
  (t) => [
    index("problems_project_idx").on(t.projectId),
    index("problems_unit_idx").on(t.assignedUnitId),
    index("problems_open_deadline_idx").on(t.deadline).where(sql`${t.status} in ('open','in_progress')`),
    check("problems_category_ck", sql`${t.category} in ('land','permits','funding','utilities','site','labour','other')`),
    check("problems_status_ck", sql`${t.status} in ('open','in_progress','resolved','verified')`),
    check("problems_escalation_ck", sql`${t.escalationLevel} in ('unit','working_group','district')`),
    check(
      "problems_resolution_ck",
      sql`${t.status} not in ('resolved','verified') or (${t.resolution} is not null and ${t.resolvedAt} is not null)`,
    ),
    check("problems_verified_ck", sql`(${t.status} = 'verified') = (${t.verifiedAt} is not null)`),
    check("problems_resolved_order_ck", sql`${t.resolvedAt} is null or ${t.resolvedAt} >= ${t.raisedAt}`),
  ],
);
