import { TOWNSHIP_KINDS, UNIT_KINDS } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, sqlList } from "./columns";

/** 乡镇/街道: 5 townships and 11 subdistricts in the demo district. */
export const townships = pgTable(
  "townships",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    kind: text({ enum: TOWNSHIP_KINDS }).notNull(),
  },
  (t) => [uniqueIndex("townships_name_uq").on(t.name), check("townships_kind_ck", sql`${t.kind} in ${sqlList(TOWNSHIP_KINDS)}`)],
);

/** 责任单位: departments of the administrative service centre, township offices and working groups. */
export const units = pgTable(
  "units",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    shortName: text().notNull(),
    kind: text({ enum: UNIT_KINDS }).notNull(),
    /** Has a window in the administrative service centre (区行政服务中心). */
    inServiceCentre: boolean().notNull().default(false),
    townshipId: integer().references(() => townships.id),
  },
  (t) => [
    uniqueIndex("units_name_uq").on(t.name),
    check("units_kind_ck", sql`${t.kind} in ${sqlList(UNIT_KINDS)}`),
    check("units_township_office_ck", sql`(${t.kind} = 'township_office') = (${t.townshipId} is not null)`),
  ],
);

/** People: leaders, persons in charge, staff. A person may or may not have a login. */
export const people = pgTable(
  "people",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    title: text().notNull(),
    phone: text(),
    unitId: integer().references(() => units.id),
    createdAt: createdAt(),
  },
  (t) => [index("people_unit_idx").on(t.unitId)],
);

/** 专业组: the 7 specialist working groups that give "nanny-style" service across stages. */
export const workingGroups = pgTable(
  "working_groups",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    leadPersonId: integer()
      .notNull()
      .references(() => people.id),
    /** Stages the group serves, as stage values. */
    stages: text().array().notNull(),
  },
  (t) => [uniqueIndex("working_groups_name_uq").on(t.name), uniqueIndex("working_groups_unit_uq").on(t.unitId)],
);

/** 投资方: the company behind one or more projects. */
export const investors = pgTable(
  "investors",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    contactName: text(),
    contactPhone: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("investors_name_uq").on(t.name)],
);
