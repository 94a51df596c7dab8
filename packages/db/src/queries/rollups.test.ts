import { addDays, addMonths, STAGES } from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, rowsOf } from "../client";
import { Random } from "../seed/random";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "../testing";
import { idList, ids } from "../testing/sql";
import { transaction } from "../transaction";
import { investmentByMonth, investmentByMonthFromRows } from "./investment";
import { leagueTables, leagueTablesFromRows } from "./leagues";
import { dashboardSummary, dashboardSummaryFromRows } from "./summary";

/*
 * The investment months (drizzle/0013), the headline counts (0016) and the league tables (0018; the
 * writes of every kind that change them are in project-facts.test.ts) are kept by triggers; here the
 * whole district's panels read from them are checked against the same panels computed from the rows,
 * on the seeded demo district, after random writes of every kind that changes them, after a
 * rolled-back transaction and (on PostgreSQL) after 50 writers at once.
 */

const today = TEST_TODAY;

/** Every month the table keeps (zeros left out) against every month computed from all the rows. */
async function keptMonthsMismatches(db: Database) {
  return rowsOf<{ month: string }>(
    db,
    sql`
    with scratch as (
      select month, sum(completed) as completed, sum(planned) as planned from (
        select period as month, investment_wan::numeric as completed, 0::numeric as planned from progress_reports
        union all
        select gs::date, 0, p.total_investment_wan::numeric / ((extract(year from e) - extract(year from s)) * 12
                                                     + extract(month from e) - extract(month from s) + 1)::int
        from (select total_investment_wan, date_trunc('month', planned_start_date)::date as s,
                     date_trunc('month', planned_completion_date)::date as e from projects) p
        cross join lateral generate_series(p.s::timestamp, p.e::timestamp, interval '1 month') gs
      ) x group by month
    ),
    kept as (select month, sum(completed_wan) as completed, sum(planned_wan) as planned from investment_month_deltas
             group by month having sum(completed_wan) <> 0 or sum(planned_wan) <> 0)
    select to_char(coalesce(s.month, k.month), 'YYYY-MM') as month
    from scratch s full join kept k on k.month = s.month
    where (coalesce(s.completed, 0), coalesce(s.planned, 0)) is distinct from (coalesce(k.completed, 0), coalesce(k.planned, 0))
    order by 1`,
  );
}

/** The panels read from the kept figures equal the panels from the rows, for several "today"s. */
async function expectMonthsHold(db: Database) {
  expect(await keptMonthsMismatches(db)).toEqual([]);
  // Years with signings and starts in them (the demo district's), and days around the RAG windows.
  for (const day of [today, addMonths(today, -18), addMonths(today, 30), addDays(today, -3), addMonths(today, -30)]) {
    expect(await investmentByMonth(db, {}, day)).toEqual(await investmentByMonthFromRows(db, {}, day));
    expect(await dashboardSummary(db, {}, day)).toEqual(await dashboardSummaryFromRows(db, {}, day));
    expect(await leagueTables(db, {}, day)).toEqual(await leagueTablesFromRows(db, {}, day));
  }
}

/** Reports filed, corrected and withdrawn; totals and plans changed; a project added and removed. */
async function randomWrites(db: Database, random: Random) {
  const pick = async (query: SQL, n: number) => random.sample(await ids(db, query), n);
  // A report for a month a project has none for: the month after its latest.
  for (const projectId of await pick(sql`select id from projects order by id`, 20)) {
    await db.execute(sql`insert into progress_reports (project_id, period, investment_wan, physical_percent)
      select ${projectId}, coalesce(max(period) + interval '1 month', ${addMonths(today.slice(0, 8) + "01", -3)}::date), ${random.int(0, 5000)}, 50
      from progress_reports where project_id = ${projectId}`);
  }
  const corrected = await pick(sql`select id from progress_reports order by id`, 30);
  await db.execute(
    sql`update progress_reports set investment_wan = (investment_wan * 3) / 2 + 7 where id in (${idList(corrected)})`,
  );
  const moved = await pick(sql`select id from progress_reports order by id`, 5);
  for (const id of moved) {
    await db.execute(sql`update progress_reports set period = (period - interval '10 years')::date where id = ${id}`);
  }
  await db.execute(
    sql`delete from progress_reports where id in (${idList(await pick(sql`select id from progress_reports order by id`, 10))})`,
  );

  // Projects: totals changed (one statement), plans moved or dropped, one added and one removed.
  const resized = await pick(sql`select id from projects order by id`, 25);
  await db.execute(sql`update projects set total_investment_wan = total_investment_wan + 333 where id in (${idList(resized)})`);
  for (const id of await pick(sql`select id from projects where planned_start_date is not null order by id`, 15)) {
    const shift = random.int(-200, 400);
    await db.execute(sql`update projects set planned_start_date = planned_start_date + ${shift}::int,
                         planned_completion_date = greatest(planned_completion_date + ${shift + random.int(0, 90)}::int,
                                                            planned_start_date + ${shift}::int)
                         where id = ${id}`);
  }
  await db.execute(sql`update projects set planned_completion_date = null
                       where id in (${idList(await pick(sql`select id from projects order by id`, 3))})`);
  // Touched but unchanged: nothing moves.
  await db.execute(
    sql`update projects set updated_at = updated_at where id in (${idList(await pick(sql`select id from projects order by id`, 40))})`,
  );
  // What the headline counts group by: stage moves, lifecycle, construction started, signing, completed.
  const working = STAGES.filter((stage) => stage !== "operating");
  for (const id of await pick(sql`select id from projects where status <> 'operating' order by id`, 12)) {
    await db.execute(sql`update projects set stage = ${random.pick(working)} where id = ${id}`);
  }
  await db.execute(sql`update projects set status = case status when 'active' then 'suspended' else 'active' end
                       where id in (${idList(await pick(sql`select id from projects where status in ('active', 'suspended') order by id`, 8))})`);
  // Into production and, for others, back out of it (stage and status move together).
  await db.execute(sql`update projects set stage = 'operating', status = 'operating'
                       where id in (${idList(await pick(sql`select id from projects where status = 'active' order by id`, 3))})`);
  await db.execute(sql`update projects set stage = 'hiring', status = 'active'
                       where id in (${idList(await pick(sql`select id from projects where status = 'operating' order by id`, 3))})`);
  await db.execute(sql`update projects set actual_start_date = greatest(signed_date, ${addDays(today, -random.int(0, 900))}::date)
                       where actual_completion_date is null
                         and id in (${idList(await pick(sql`select id from projects order by id`, 10))})`);
  await db.execute(sql`update projects set actual_start_date = null
                       where actual_completion_date is null
                         and id in (${idList(await pick(sql`select id from projects order by id`, 4))})`);
  await db.execute(sql`update projects set signed_date = signed_date - ${random.int(200, 800)}::int
                       where id in (${idList(await pick(sql`select id from projects order by id`, 10))})`);
  await db.execute(sql`update projects set completed_investment_wan = least(total_investment_wan, completed_investment_wan + 50)
                       where id in (${idList(await pick(sql`select id from projects order by id`, 30))})`);
  const [copy] = await ids(db, sql`select id from projects order by id limit 1`);
  const code = `R-${random.int(0, 1_000_000)}`;
  await db.execute(sql`insert into projects (code, name, name_initials, investor_id, township_id, industry, category, signed_date,
                         total_investment_wan, stage, planned_start_date, planned_completion_date)
    select ${code}, name || '（复制）', name_initials, investor_id, township_id, industry, category, signed_date,
           total_investment_wan + 1, 'negotiation', ${addDays(today, -100)}::date, ${addDays(today, 500)}::date
    from projects where id = ${copy}`);
  const added = await ids(db, sql`select id from projects where code = ${code}`);
  await db.execute(sql`insert into progress_reports (project_id, period, investment_wan, physical_percent)
    values (${added[0]}, ${addMonths(`${today.slice(0, 8)}01`, -2)}::date, 900, 10)`);
  if (random.int(0, 1) === 1) {
    await db.execute(sql`delete from progress_reports where project_id = ${added[0]}`);
    await db.execute(sql`delete from projects where id = ${added[0]}`);
  }
}

describe.each(testBackends())("the investment months and headline counts kept by the database on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await openTestDatabase(kind, { maxConnections: 50 });
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("match the months computed from the reports and plans of the seeded district", async () => {
    await expectMonthsHold(db);
    // The comparison means something: the panel has both figures.
    const months = await investmentByMonth(db, {}, today);
    expect(months.some((m) => m.completedWan > 0)).toBe(true);
    expect(months.some((m) => m.plannedWan > 0)).toBe(true);
  });

  it("still match after random writes of every kind, and after a transaction that was rolled back", async () => {
    const random = new Random(20_261_203);
    for (let round = 0; round < 3; round++) {
      await randomWrites(db, random);
      await expectMonthsHold(db);
    }
    const before = await investmentByMonth(db, {}, today);
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update progress_reports set investment_wan = investment_wan + 1`);
        await tx.execute(sql`update projects set total_investment_wan = total_investment_wan * 2`);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await investmentByMonth(db, {}, today)).toEqual(before);
    await expectMonthsHold(db);
  });

  it("still match after 50 writers at once, each filing a report and re-planning a project in one transaction", async () => {
    const projects = await ids(db, sql`select id from projects where planned_start_date is not null order by id limit 50`);
    const results = await Promise.allSettled(
      projects.map((projectId, i) =>
        transaction(db, async (tx) => {
          // Half file first and re-plan second, half the other way round: opposite lock orders.
          const file = () =>
            tx.execute(sql`insert into progress_reports (project_id, period, investment_wan, physical_percent)
              select ${projectId}, max(period) + interval '1 month', 100 + ${i}, 60 from progress_reports where project_id = ${projectId}
              having max(period) is not null`);
          const replan = async () => {
            await tx.execute(sql`update projects set total_investment_wan = total_investment_wan + ${i},
                           planned_completion_date = planned_completion_date + 31 where id = ${projectId}`);
            // And a milestone reached: the project's league figures move.
            await tx.execute(sql`update milestones set status = 'done', actual_date = planned_date
                           where id = (select min(id) from milestones where project_id = ${projectId} and actual_date is null)`);
          };
          if (i % 2 === 0) {
            await file();
            await replan();
          } else {
            await replan();
            await file();
          }
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await expectMonthsHold(db);
    // Folding the additions into one row per month changes no figure.
    const [{ n: rowsBefore } = { n: 0 }] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from investment_month_deltas`,
    );
    const [{ removed } = { removed: 0 }] = await rowsOf<{ removed: number }>(
      db,
      sql`select compact_investment_months() as removed`,
    );
    const [{ n: rowsAfter, months } = { n: 0, months: 0 }] = await rowsOf<{ n: number; months: number }>(
      db,
      sql`select count(*)::int as n, count(distinct month)::int as months from investment_month_deltas`,
    );
    expect(Number(removed)).toBeGreaterThan(0);
    expect(Number(rowsAfter)).toBe(Number(rowsBefore) - Number(removed));
    expect(Number(rowsAfter)).toBe(Number(months));
    await expectMonthsHold(db);
    // The same for the headline counts: one row per group left, no group of zeros, no figure changed.
    const [{ removed: countsRemoved } = { removed: 0 }] = await rowsOf<{ removed: number }>(
      db,
      sql`select compact_project_counts() as removed`,
    );
    const [{ n: countRows, groups } = { n: 0, groups: 0 }] = await rowsOf<{ n: number; groups: number }>(
      db,
      sql`select count(*)::int as n,
                 (select count(*) from (select distinct stage, status, extract(year from actual_start_date), extract(year from signed_date) from projects) g)::int as groups
          from project_count_deltas`,
    );
    expect(Number(countsRemoved)).toBeGreaterThan(0);
    expect(Number(countRows)).toBe(Number(groups));
    await expectMonthsHold(db);
    // And the league tables: one row per group (and due date, and days), none of zeros.
    const [{ removed: leaguesRemoved } = { removed: 0 }] = await rowsOf<{ removed: number }>(
      db,
      sql`select compact_leagues() as removed`,
    );
    expect(Number(leaguesRemoved)).toBeGreaterThan(0);
    const [left] = await rowsOf<{ extra: number; zeros: number }>(
      db,
      sql`select (select count(*) - count(distinct (dim, key)) from league_deltas)
                 + (select count(*) - count(distinct (dim, key, due)) from league_due_deltas)
                 + (select count(*) - count(distinct (dim, key, days)) from league_resolved_deltas) as extra,
                 (select count(*) from league_due_deltas where milestones = 0 and items = 0)
                 + (select count(*) from league_resolved_deltas where problems = 0) as zeros`,
    );
    expect({ extra: Number(left!.extra), zeros: Number(left!.zeros) }).toEqual({ extra: 0, zeros: 0 });
    await expectMonthsHold(db);
  });
});
