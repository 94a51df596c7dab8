import { rowsOf } from "@tracker/db";
import { type CompactedRollups, dashboardSummary, investmentByMonth, leagueTables } from "@tracker/db/queries";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobLog } from "./claimed";
import { startMaintenance } from "./maintenance";

function countingLog(): JobLog & { compacted: CompactedRollups[]; taken: number } {
  const log = {
    compacted: [] as CompactedRollups[],
    taken: 0,
    info: (details: object, message: string) => {
      if (message === "kept dashboard figures compacted") log.compacted.push((details as { removed: never }).removed);
      if (message === "maintenance taken by another server") log.taken++;
    },
    error: (details: object, message: string) => {
      throw new Error(`${message}: ${JSON.stringify(details)}`);
    },
  };
  return log;
}

const rowCounts = async (database: TestDatabase) =>
  (
    await rowsOf<{ months: number; counts: number; leagues: number }>(
      database.db,
      sql`select (select count(*) from investment_month_deltas)::int as months, (select count(*) from project_count_deltas)::int as counts,
                 ((select count(*) from league_deltas) + (select count(*) from league_due_deltas)
                  + (select count(*) from league_resolved_deltas))::int as leagues`,
    )
  )[0]!;

describe.each(testBackends())("the maintenance job on several servers (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.dispose());

  it("folds the kept figures once per interval, on one server, and changes no figure", async () => {
    const { db } = database;
    // Writes that append to both kept tables: completed investment and progress reports.
    await db.execute(sql`update projects set completed_investment_wan = least(total_investment_wan, completed_investment_wan + 1)
                         where id in (select id from projects order by id limit 40)`);
    await db.execute(sql`update progress_reports set investment_wan = investment_wan + 1
                         where id in (select id from progress_reports order by id limit 40)`);
    const before = await rowCounts(database);
    const summary = await dashboardSummary(db, {}, TEST_TODAY);
    const months = await investmentByMonth(db, {}, TEST_TODAY);
    const leagues = await leagueTables(db, {}, TEST_TODAY);

    // The clock stands still: one interval, however often the timers fire.
    const now = () => new Date(`${TEST_TODAY}T02:00:00Z`);
    const logs = [countingLog(), countingLog()];
    const stops = logs.map((log, i) => startMaintenance({ db, intervalMs: 60, log, now, runner: `server-${i}` }));
    const deadline = Date.now() + 30_000;
    const runs = () => logs[0]!.compacted.length + logs[1]!.compacted.length;
    while ((runs() < 1 || logs[0]!.taken + logs[1]!.taken < 6) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 30));
    for (const stop of stops) stop();

    expect(runs()).toBe(1);
    const [removed] = [...logs[0]!.compacted, ...logs[1]!.compacted];
    expect(removed!.investmentMonths).toBeGreaterThan(0);
    expect(removed!.projectCounts).toBeGreaterThan(0);
    expect(removed!.leagues).toBeGreaterThan(0);
    const after = await rowCounts(database);
    expect(after).toEqual({
      months: before.months - removed!.investmentMonths,
      counts: before.counts - removed!.projectCounts,
      leagues: before.leagues - removed!.leagues,
    });
    expect(await dashboardSummary(db, {}, TEST_TODAY)).toEqual(summary);
    expect(await investmentByMonth(db, {}, TEST_TODAY)).toEqual(months);
    expect(await leagueTables(db, {}, TEST_TODAY)).toEqual(leagues);
  });
});
