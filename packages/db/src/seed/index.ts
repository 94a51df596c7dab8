import type { IsoDate } from "@tracker/domain";
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import { hashPassword } from "../passwords";
import * as schema from "../schema";
import { buildDemoDistrict, DEMO_PASSWORD } from "./demo";
import { DISTRICT_TABLE_NAMES } from "./tables";

export { initials } from "../pinyin";
export { buildDemoDistrict, DEMO_FIGURES, DEMO_INVESTOR, DEMO_PASSWORD, DEMO_SEED } from "./demo";
export { PROVINCE_DISTRICTS, type ScaleResult, scaleDistrict } from "./scale";
export { DERIVED_TABLE_NAMES, DISTRICT_TABLE_NAMES, DISTRICT_TABLES } from "./tables";

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK = 1000;

async function insertAll(db: Database, table: PgTable, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the builder; drizzle's insert type is per table
    await db.insert(table).values(rows.slice(i, i + CHUNK) as any);
  }
}

/** Whether the database holds no district yet (the server seeds it on first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(schema.projects);
  const users = await db.select({ n: sql<number>`count(*)::int` }).from(schema.users);
  return rows[0]!.n === 0 && users[0]!.n === 0;
}

export interface SeedOptions {
  today: IsoDate;
  seed?: number;
  /** The argon2id hash of the demo password, if the caller already has one. */
  passwordHash?: string;
}

export interface SeedResult {
  projects: number;
  milestones: number;
  permits: number;
  progressReports: number;
  problems: number;
}

/**
 * Writes the demo district into an empty database, in one transaction with one audit event.
 * Refuses a database that already holds projects or users.
 */
export async function seedDemoDistrict(db: Database, options: SeedOptions): Promise<SeedResult> {
  const district = buildDemoDistrict(options);
  const passwordHash = options.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    if (!(await isEmpty(t))) throw new Error("the database already holds a district; the demo seed only fills an empty one");
    await insertAll(t, schema.townships, district.townships);
    await insertAll(t, schema.units, district.units);
    await insertAll(t, schema.people, district.people);
    await insertAll(t, schema.workingGroups, district.workingGroups);
    await insertAll(t, schema.investors, district.investors);
    await insertAll(
      t,
      schema.users,
      // The password's age starts on the seed's day (the seed never reads the real clock).
      district.users.map((u) => ({ ...u, passwordHash, passwordChangedAt: new Date(`${options.today}T00:00:00+08:00`) })),
    );
    await insertAll(t, schema.approvalItems, district.approvalItems);
    await insertAll(t, schema.projects, district.projects);
    await insertAll(t, schema.fiveFixedAssignments, district.fiveFixedAssignments);
    await insertAll(t, schema.milestones, district.milestones);
    await insertAll(t, schema.milestoneReplans, district.milestoneReplans);
    await insertAll(t, schema.permits, district.permits);
    await insertAll(t, schema.progressReports, district.progressReports);
    await insertAll(t, schema.problems, district.problems);
    // Rows carry explicit ids; move every sequence past them so later inserts do not collide.
    for (const table of DISTRICT_TABLE_NAMES) {
      await t.execute(
        sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`),
      );
    }
    await t.insert(schema.auditEvents).values({
      entity: "district",
      action: "seed_demo",
      after: { today: options.today, projects: district.projects.length, permits: district.permits.length },
    });
  });
  // Fresh statistics, so the planner knows the tables are no longer empty.
  await db.execute(sql`analyze`);
  return {
    projects: district.projects.length,
    milestones: district.milestones.length,
    permits: district.permits.length,
    progressReports: district.progressReports.length,
    problems: district.problems.length,
  };
}
