import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, serial, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, updatedAt, version, wan } from "./columns";
import { people } from "./org";
import { projects } from "./projects";

/** 进度填报: one report per project and month. */
export const progressReports = pgTable(
  "progress_reports",
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    /** First day of the reported month. */
    period: date().notNull(),
    investmentWan: wan().notNull(),
    physicalPercent: smallint().notNull(),
    narrative: text().notNull().default(""),
    reporterId: integer().references(() => people.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("progress_project_period_uq").on(t.projectId, t.period),
    index("progress_period_idx").on(t.period),
    check("progress_period_ck", sql`extract(day from ${t.period}) = 1`),
    check("progress_investment_ck", sql`${t.investmentWan} >= 0`),
    check("progress_percent_ck", sql`${t.physicalPercent} between 0 and 100`),
  ],
);
