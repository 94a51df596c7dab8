import { PROJECT_SORT_KEYS } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../client";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "../testing";
import { ids } from "../testing/sql";
import { investmentByMonth } from "./investment";
import { leagueTables } from "./leagues";
import { overdueItems } from "./overdue";
import { getProject, listProjects } from "./projects";
import { ragReasonCounts } from "./rag";
import type { DashboardFilter } from "./sql";
import { dashboardSummary } from "./summary";

/*
 * The plans of the register, the project page and every overview panel, for the whole district and
 * for each kind of scope: none reads the big tables (milestones, permits, progress reports,
 * problems, five-fixed, the audit log) from end to end. Each statement the product sends is captured
 * and explained with sequential scans priced out of reach (`enable_seqscan = off`): a table that
 * still appears as a Seq Scan has no index the statement can use, whatever its size. On the demo
 * district a sequential scan would be the cheaper plan; at 100,000 projects it is seconds.
 */

const BIG_TABLES = new Set([
  "milestones",
  "milestone_replans",
  "permits",
  "progress_reports",
  "problems",
  "five_fixed_assignments",
  "audit_events",
]);

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"] && BIG_TABLES.has(node["Relation Name"])) {
    found.push(node["Relation Name"]);
  }
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

describe.each(testBackends())("query plans on %s", (kind) => {
  let database: TestDatabase;
  let captured: { query: string; params: unknown[] }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind, { logQuery: (query, params) => captured.push({ query, params }) });
  });
  afterAll(() => database?.dispose());

  /** The plan of each statement `run` sends, with sequential scans priced out. */
  async function plansOf(run: () => Promise<unknown>): Promise<{ query: string; scans: string[] }[]> {
    captured = [];
    await run();
    const statements = captured.filter((c) => /^\s*(with|select)\b/i.test(c.query));
    captured = [];
    expect(statements.length).toBeGreaterThan(0);
    const client = (database.db as unknown as { $client: unknown }).$client as {
      query?: (q: string, p: unknown[]) => Promise<{ rows: { "QUERY PLAN": unknown }[] }>;
      begin?: (fn: (tx: { unsafe: (q: string, p?: unknown[]) => Promise<unknown[]> }) => Promise<unknown>) => Promise<unknown>;
    };
    const plans: { query: string; scans: string[] }[] = [];
    for (const { query, params } of statements) {
      let plan: unknown;
      if (kind === "pglite") {
        await client.query!("set enable_seqscan = off", []);
        const result = await client.query!(`explain (format json) ${query}`, params);
        await client.query!("reset enable_seqscan", []);
        plan = result.rows[0]!["QUERY PLAN"];
      } else {
        await client.begin!(async (tx) => {
          await tx.unsafe("set local enable_seqscan = off");
          const rows = (await tx.unsafe(`explain (format json) ${query}`, params)) as { "QUERY PLAN": unknown }[];
          plan = rows[0]!["QUERY PLAN"];
        });
      }
      const root = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
      plans.push({ query: query.replace(/\s+/g, " ").slice(0, 160), scans: seqScans(root[0]!.Plan) });
    }
    return plans;
  }

  async function expectIndexed(run: () => Promise<unknown>) {
    const plans = await plansOf(run);
    expect(plans.filter((p) => p.scans.length > 0)).toEqual([]);
  }

  it("the overview panels, for the whole district and each scope", async () => {
    const [townshipId] = await ids(database.db, sql`select id from townships order by id limit 1`);
    const [unitId] = await ids(
      database.db,
      sql`select unit_id as id from five_fixed_assignments where valid_to is null order by 1 limit 1`,
    );
    const [investorId] = await ids(database.db, sql`select investor_id as id from projects order by 1 limit 1`);
    const filters: DashboardFilter[] = [{}, { townshipId }, { unitId }, { investorId }];
    for (const filter of filters) {
      await expectIndexed(() => dashboardSummary(database.db, filter, TEST_TODAY));
      await expectIndexed(() => ragReasonCounts(database.db, filter, TEST_TODAY));
      await expectIndexed(() => investmentByMonth(database.db, filter, TEST_TODAY));
      await expectIndexed(() => overdueItems(database.db, filter, TEST_TODAY));
      await expectIndexed(() => leagueTables(database.db, filter, TEST_TODAY));
    }
  });

  it("the register: every sort, filters, search by name and by pinyin initials, a later page", async () => {
    const [leaderId] = await ids(
      database.db,
      sql`select leader_id as id from five_fixed_assignments where valid_to is null order by 1 limit 1`,
    );
    for (const by of PROJECT_SORT_KEYS) {
      for (const dir of ["asc", "desc"] as const) {
        await expectIndexed(() => listProjects(database.db, { page: 1, pageSize: 20, sort: { by, dir } }, TEST_TODAY));
      }
    }
    const filtered = [
      { stage: "construction" as const },
      { rag: "red" as const },
      { overdue: true },
      { key: true, leaderId },
      { q: "产业园" },
      { q: "xny" },
      { signedIn: 2026, startedIn: 2026 },
    ];
    for (const filter of filtered) {
      await expectIndexed(() => listProjects(database.db, { ...filter, page: 3, pageSize: 20 }, TEST_TODAY));
    }
  });

  it("the project page", async () => {
    const [projectId] = await ids(database.db, sql`select id from projects order by id limit 1`);
    await expectIndexed(() => getProject(database.db, projectId!, TEST_TODAY, { withInvestorContacts: true }));
  });

  it("finds a sequential scan where there is one (the check can fail)", async () => {
    const plans = await plansOf(() => rowsOf(database.db, sql`select count(*) from milestones where name like '%节点%'`));
    expect(plans.flatMap((p) => p.scans)).toEqual(["milestones"]);
  });
});
