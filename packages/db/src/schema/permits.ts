import { PENDING_PERMIT_STATUSES, PERMIT_STATUSES, STAGES, UNSUBMITTED_PERMIT_STATUSES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sqlList, version } from "./columns";
import { units } from "./org";
import { projects } from "./projects";

/** 审批事项: the catalogue of approval items, each issued by one unit within a statutory limit. */
export const approvalItems = pgTable(
  "approval_items",
  {
    id: serial().primaryKey(),
    code: text().notNull(),
    name: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** Statutory time limit (法定时限) in working days. */
    statutoryDays: integer().notNull(),
    /** The stage in which a project normally needs it. */
    stage: text({ enum: STAGES }).notNull(),
  },
  (t) => [
    uniqueIndex("approval_items_code_uq").on(t.code),
    uniqueIndex("approval_items_unit_name_uq").on(t.unitId, t.name),
    check("approval_items_days_ck", sql`${t.statutoryDays} between 1 and 365`),
  ],
);

/** 证照办理: one approval item for one project, on the statutory clock from submission. */
export const permits = pgTable(
  "permits",
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    approvalItemId: integer()
      .notNull()
      .references(() => approvalItems.id),
    status: text({ enum: PERMIT_STATUSES }).notNull().default("not_started"),
    submittedDate: date(),
    /** Last day of the statutory limit: submission + statutory working days, fixed at submission. */
    dueDate: date(),
    decidedDate: date(),
    certificateNo: text(),
    /** 一次性告知: everything missing, listed once when the permit is returned. */
    missingMaterials: jsonb().$type<string[]>(),
    version: version(),
  },
  (t) => [
    uniqueIndex("permits_project_item_uq").on(t.projectId, t.approvalItemId),
    index("permits_item_idx").on(t.approvalItemId),
    index("permits_pending_due_idx")
      .on(t.dueDate, t.id, t.projectId)
      .where(sql`${t.status} in ${sqlList(PENDING_PERMIT_STATUSES)}`),
    check("permits_status_ck", sql`${t.status} in ${sqlList(PERMIT_STATUSES)}`),
    check("permits_submitted_ck", sql`(${t.status} in ${sqlList(UNSUBMITTED_PERMIT_STATUSES)}) = (${t.submittedDate} is null)`),
    check(
      "permits_due_ck",
      sql`(${t.submittedDate} is null) = (${t.dueDate} is null) and (${t.dueDate} is null or ${t.dueDate} >= ${t.submittedDate})`,
    ),
    check("permits_decided_ck", sql`${t.decidedDate} is null or ${t.decidedDate} >= ${t.submittedDate}`),
    check(
      "permits_approved_ck",
      sql`${t.status} <> 'approved' or (${t.certificateNo} is not null and ${t.decidedDate} is not null)`,
    ),
    check(
      "permits_returned_ck",
      sql`${t.status} <> 'returned' or (jsonb_typeof(${t.missingMaterials}) = 'array' and jsonb_array_length(${t.missingMaterials}) > 0)`,
    ),
  ],
);
