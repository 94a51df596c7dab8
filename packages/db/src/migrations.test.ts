import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { investors, projects, townships } from "./schema";
import { openTestDatabase, type TestDatabase, testBackends } from "./testing";

describe.each(testBackends())("migrations on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind, { seeded: false });
    await database.migrate();
  });
  afterAll(() => database?.dispose());

  it("create every table of the data model in an empty database", async () => {
    const rows = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { table_name: string }[] }).rows).map(
      (r) => r.table_name,
    );
    expect([...names].sort()).toEqual(
      [
        "approval_items",
        "audit_chain_head",
        "audit_events",
        "five_fixed_assignments",
        "idempotency_keys",
        "investment_month_deltas",
        "investors",
        "job_runs",
        "league_deltas",
        "league_due_deltas",
        "league_resolved_deltas",
        "login_throttles",
        "milestone_replans",
        "milestones",
        "password_history",
        "people",
        "permits",
        "problems",
        "progress_reports",
        "project_count_deltas",
        "project_facts",
        "projects",
        "sessions",
        "townships",
        "units",
        "users",
        "working_groups",
      ].sort(),
    );
  });

  it("are idempotent: applying them again changes nothing", async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it("keep the audit log append-only", async () => {
    await database.db.execute(sql`insert into audit_events (entity, action) values ('district', 'test')`);
    await expect(database.db.execute(sql`update audit_events set action = 'forged'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    const rows = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'test'`);
    const n = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { n: number }[] }).rows)[0]!.n;
    expect(n).toBe(1);
  });

  it("enforce the domain's rules with constraints", async () => {
    const { db } = database;
    const [t] = await db.insert(townships).values({ name: "测试镇", kind: "township" }).returning();
    const [inv] = await db.insert(investors).values({ name: "测试投资有限公司" }).returning();
    const base = {
      code: "2026-411702-35-03-999999",
      name: "测试项目",
      investorId: inv!.id,
      industry: "装备制造",
      category: "industrial" as const,
      townshipId: t!.id,
      signedDate: "2026-01-10",
      totalInvestmentWan: 1000,
      stage: "negotiation" as const,
    };
    await expect(db.insert(projects).values({ ...base, totalInvestmentWan: -1 })).rejects.toThrow();
    await expect(db.insert(projects).values({ ...base, completedInvestmentWan: 1001 })).rejects.toThrow();
    await expect(
      db.insert(projects).values({ ...base, plannedStartDate: "2026-06-01", plannedCompletionDate: "2026-05-01" }),
    ).rejects.toThrow();
    await expect(db.insert(projects).values({ ...base, stage: "operating", status: "active" })).rejects.toThrow();
    await expect(db.insert(townships).values({ name: "坏镇", kind: "county" as "township" })).rejects.toThrow();
    // The valid row goes in, and only once.
    await db.insert(projects).values(base);
    await expect(db.insert(projects).values(base)).rejects.toThrow();
  });
});
