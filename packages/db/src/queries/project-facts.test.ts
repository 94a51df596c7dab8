import { addDays, DUE_SOON_DAYS, OPEN_PROBLEM_STATUSES, PENDING_PERMIT_STATUSES } from "@tracker/domain";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, rowsOf } from "../client";
import { Random } from "../seed/random";
import { scaleDistrict } from "../seed/scale";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "../testing";
import { idList, ids } from "../testing/sql";
import { leagueTables, leagueTablesFromRows } from "./leagues";
import { ragColourFromRowsSql, ragColourOfFacts, ragReasonCounts } from "./rag";
import { sqlList } from "./sql";

/*
 * The RAG facts are kept by triggers (drizzle/0010); here they are checked against the rule computed
 * from scratch, on the seeded demo district and again after a few hundred random writes of every kind
 * the product makes (single rows and multi-row statements, inserts, updates and deletes).
 */

const today = TEST_TODAY;
/** The facts computed from scratch for every project, next to the kept ones. */
async function factsMismatches(db: Database) {
  return rowsOf<{ id: number }>(
    db,
    sql`
    with scratch as (
      select p.id,
        (select min(f.deadline) from five_fixed_assignments f
          where f.project_id = p.id and f.valid_to is null and f.achieved_date is null) as five_fixed_due,
        (select min(m.planned_date) from milestones m where m.project_id = p.id and m.actual_date is null) as milestone_due,
        (select min(pe.due_date) from permits pe where pe.project_id = p.id and pe.status in ${sqlList(PENDING_PERMIT_STATUSES)}) as permit_due,
        (select min(pr.deadline) from problems pr where pr.project_id = p.id and pr.status in ${sqlList(OPEN_PROBLEM_STATUSES)}) as problem_due,
        (select count(*)::int from milestones m where m.project_id = p.id and m.actual_date is null and m.replan_count > 1) as replanned
      from projects p
    )
    select s.id from scratch s left join project_facts pf on pf.project_id = s.id
    where (s.five_fixed_due, s.milestone_due, s.permit_due, s.problem_due, s.replanned)
      is distinct from (pf.five_fixed_due, pf.milestone_due, pf.permit_due, pf.problem_due, coalesce(pf.replanned_milestones, 0))
    order by s.id`,
  );
}

async function colours(db: Database) {
  return rowsOf<{ id: number; kept: string; scratch: string }>(
    db,
    sql`select id, ${ragColourOfFacts(today)} as kept, ${ragColourFromRowsSql(today)} as scratch
        from projects left join project_facts on project_facts.project_id = projects.id order by id`,
  );
}

/** The reason counts from scratch: projects with at least one item of each kind. */
async function reasonCountsFromScratch(db: Database): Promise<Map<string, number>> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const rows = await rowsOf<{ kind: string; projects: number }>(
    db,
    sql`
    with items as (
      select 'five_fixed' as base, project_id, deadline as due from five_fixed_assignments
        where valid_to is null and achieved_date is null
      union all select 'milestone', project_id, planned_date from milestones where actual_date is null
      union all select 'permit', project_id, due_date from permits where status in ${sqlList(PENDING_PERMIT_STATUSES)}
      union all select 'problem', project_id, deadline from problems where status in ${sqlList(OPEN_PROBLEM_STATUSES)}
    )
    select base || '_overdue' as kind, count(distinct project_id)::int as projects from items where due < ${today}::date group by base
    union all
    select base || '_due_soon', count(distinct project_id)::int from items
      where due >= ${today}::date and due <= ${soon}::date group by base
    union all
    select 'milestone_replanned', count(distinct project_id)::int from milestones where actual_date is null and replan_count > 1`,
  );
  return new Map(rows.map((r) => [r.kind, Number(r.projects)]));
}

async function expectFactsHold(db: Database) {
  expect(await factsMismatches(db)).toEqual([]);
  const all = await colours(db);
  expect(all.filter((c) => c.kept !== c.scratch)).toEqual([]);
  const scratch = await reasonCountsFromScratch(db);
  for (const reason of await ragReasonCounts(db, {}, today)) {
    expect({ kind: reason.kind, projects: reason.projects }).toEqual({
      kind: reason.kind,
      projects: scratch.get(reason.kind) ?? 0,
    });
  }
  // The league tables kept from the facts (drizzle/0018), against the same tables from the rows.
  for (const day of [today, addDays(today, -45), addDays(today, 45)]) {
    expect(await leagueTables(db, {}, day)).toEqual(await leagueTablesFromRows(db, {}, day));
  }
  return all;
}

/** A few hundred writes of every kind, chosen by a seeded Random. */
async function randomWrites(db: Database, random: Random) {
  const pick = async (query: SQL, n: number) => random.sample(await ids(db, query), n);

  // Milestones: reached, re-planned (some twice), removed, added.
  const reached = await pick(sql`select id from milestones where actual_date is null order by id`, 40);
  await db.execute(sql`update milestones set status = 'done', actual_date = least(planned_date, ${today}::date)
                       where id in (${idList(reached)})`);
  for (const id of await pick(sql`select id from milestones where actual_date is null order by id`, 30)) {
    await db.execute(sql`update milestones set planned_date = planned_date + ${random.int(-40, 40)}::int,
                         replan_count = replan_count + ${random.int(1, 2)}::int where id = ${id}`);
  }
  const removed = await pick(sql`select id from milestones order by id`, 10);
  await db.execute(sql`delete from milestone_replans where milestone_id in (${idList(removed)})`);
  await db.execute(sql`delete from milestones where id in (${idList(removed)})`);
  for (const projectId of await pick(sql`select id from projects order by id`, 15)) {
    await db.execute(sql`insert into milestones (project_id, stage, seq, name, baseline_date, planned_date, status)
      select ${projectId}, 'construction', coalesce(max(seq), 0) + 1, '新增节点', ${addDays(today, 5)}::date,
             ${addDays(today, random.int(-20, 30))}::date, 'pending'
      from milestones where project_id = ${projectId}`);
  }

  // Permits: into review, approved, newly accepted on the clock.
  const review = await pick(sql`select id from permits where status = 'submitted' order by id`, 20);
  if (review.length > 0) await db.execute(sql`update permits set status = 'in_review' where id in (${idList(review)})`);
  const approved = await pick(sql`select id from permits where status in ${sqlList(PENDING_PERMIT_STATUSES)} order by id`, 25);
  await db.execute(sql`update permits set status = 'approved', certificate_no = 'T-' || id, decided_date = submitted_date
                       where id in (${idList(approved)})`);
  for (const id of await pick(sql`select id from permits where status = 'not_started' order by id`, 20)) {
    const submitted = addDays(today, -random.int(0, 40));
    await db.execute(sql`update permits set status = 'submitted', submitted_date = ${submitted}::date,
                         due_date = ${addDays(submitted, random.int(5, 50))}::date where id = ${id}`);
  }

  // Problems: resolved, reopened, raised, removed.
  const resolved = await pick(sql`select id from problems where status in ${sqlList(OPEN_PROBLEM_STATUSES)} order by id`, 25);
  await db.execute(sql`update problems set status = 'resolved', resolution = '已解决', resolved_at = raised_at + interval '1 day'
                       where id in (${idList(resolved)})`);
  const reopened = await pick(sql`select id from problems where status = 'resolved' order by id`, 15);
  await db.execute(
    sql`update problems set status = 'open', resolution = null, resolved_at = null where id in (${idList(reopened)})`,
  );
  for (const projectId of await pick(sql`select id from projects order by id`, 20)) {
    await db.execute(sql`insert into problems (project_id, category, description, assigned_unit_id, deadline, raised_at)
      values (${projectId}, 'site', '新问题', 1, ${addDays(today, random.int(-30, 30))}::date, ${`${today}T01:00:00Z`}::timestamptz)`);
  }
  await db.execute(sql`delete from problems where id in (${idList(await pick(sql`select id from problems order by id`, 5))})`);

  // Five-fixed: deadlines moved, targets achieved, responsibility re-fixed (closed and a new one opened).
  for (const id of await pick(sql`select id from five_fixed_assignments where valid_to is null order by id`, 30)) {
    await db.execute(sql`update five_fixed_assignments set deadline = ${addDays(today, random.int(-30, 30))}::date,
                         target_task = coalesce(target_task, '按期完成') where id = ${id}`);
  }
  const achieved = await pick(
    sql`select id from five_fixed_assignments where valid_to is null and deadline is not null order by id`,
    15,
  );
  await db.execute(sql`update five_fixed_assignments set achieved_date = ${today}::date where id in (${idList(achieved)})`);
  for (const id of await pick(sql`select id from five_fixed_assignments where valid_to is null order by id`, 10)) {
    const at = `${today}T02:00:00Z`;
    await db.execute(sql`update five_fixed_assignments set valid_to = greatest(valid_from, ${at}::timestamptz) where id = ${id}`);
    // Half keep their leader and unit, half pass to others: the project's league figures move.
    const [leader] = random.int(0, 1) === 1 ? random.sample(await ids(db, sql`select id from people order by id`), 1) : [null];
    const [unit] = random.int(0, 1) === 1 ? random.sample(await ids(db, sql`select id from units order by id`), 1) : [null];
    await db.execute(sql`insert into five_fixed_assignments (project_id, leader_id, unit_id, owner_id, target_task, deadline, valid_from)
      select project_id, coalesce(${leader}::int, leader_id), coalesce(${unit}::int, unit_id), owner_id, '重新定责',
             ${addDays(today, random.int(-10, 60))}::date, valid_to
      from five_fixed_assignments where id = ${id}`);
  }
  // Projects moved to another township (in one statement), with all their figures.
  const townships = await ids(db, sql`select id from townships order by id`);
  await db.execute(sql`update projects set township_id = ${random.pick(townships)}
                       where id in (${idList(await pick(sql`select id from projects order by id`, 6))})`);
}

describe.each(testBackends())("the RAG facts kept by the database on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("match the rule computed from scratch on the seeded district, colour by colour and reason by reason", async () => {
    const all = await expectFactsHold(db);
    // The comparison means something: every colour occurs.
    for (const colour of ["red", "amber", "green"]) expect(all.some((c) => c.kept === colour)).toBe(true);
  });

  it("still match after random writes of every kind, and after a transaction that was rolled back", async () => {
    const random = new Random(20_261_203);
    for (let round = 0; round < 3; round++) {
      await randomWrites(db, random);
      await expectFactsHold(db);
    }
    const before = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from project_facts where next_due < ${today}::date`,
    );
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update milestones set planned_date = ${addDays(today, -100)}::date where actual_date is null`);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    const after = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from project_facts where next_due < ${today}::date`,
    );
    expect(after).toEqual(before);
    await expectFactsHold(db);
  });
});

describe.each(testBackends())("the province generator on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("grows the demo district to N projects in SQL sets, each copy the district again under new ids, facts kept", async () => {
    const demo = await rowsOf<{ milestones: number; permits: number }>(
      db,
      sql`select (select count(*)::int from milestones) as milestones, (select count(*)::int from permits) as permits`,
    );
    const result = await scaleDistrict(db, 1000);
    expect(result.projects).toBe(1000);
    // Two whole copies and 272 projects of a third; 16 townships a district, three districts.
    expect(result.townships).toBe(48);
    expect(result.milestones).toBeGreaterThan(2 * demo[0]!.milestones);
    expect(result.milestones).toBeLessThan(3 * demo[0]!.milestones);
    // A whole copy has the demo district's colours, project for project.
    const copyColours = await rowsOf<{ same: boolean }>(
      db,
      sql`select bool_and(a.rag = b.rag) as same
          from (select id, ${ragColourFromRowsSql(today)} as rag from projects) a
          join (select id, ${ragColourFromRowsSql(today)} as rag from projects) b on b.id = a.id + 364
          where a.id <= 364`,
    );
    expect(copyColours[0]!.same).toBe(true);
    await expectFactsHold(db);
    await expect(scaleDistrict(db, 2000)).rejects.toThrow(/more than the demo district/);
  });
});
