import { type Database, rowsOf } from "@tracker/db";
import { addDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signedIn, TEST_TODAY, type TestDatabase, testBackends, useTestDatabase } from "./testing";

/** As many writers as a busy morning's dispatch brings to one project at once. */
const PARALLEL = 50;

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [r] = await rowsOf<{ n: number }>(db, query);
  return r!.n;
}

/**
 * Settles every call: what succeeded, and the tRPC code of each refusal. A server error (a 500, or
 * anything that is not a tRPC error) shows up as INTERNAL_SERVER_ERROR, and the tests want none.
 */
async function settle<T>(calls: Promise<T>[]) {
  const settled = await Promise.allSettled(calls);
  const ok = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const refused = settled.flatMap((s) =>
    s.status === "rejected"
      ? [{ code: String(s.reason?.code ?? "INTERNAL_SERVER_ERROR"), message: String(s.reason?.message) }]
      : [],
  );
  const codes: Record<string, number> = {};
  for (const r of refused) codes[r.code] = (codes[r.code] ?? 0) + 1;
  return { ok, refused, codes };
}

let serial = 0;
const newKey = () => `conc-${process.pid}-${++serial}-${Math.random().toString(36).slice(2)}`;

describe.each(testBackends())(`${PARALLEL} parallel writers on %s`, (kind) => {
  let database: TestDatabase;
  let db: Database;
  useTestDatabase(kind, async (opened) => {
    database = opened;
    db = database.db;
  });

  /** A project the demo person in charge holds, with room under its total for every report below. */
  async function ownersProject(room: number, skip = 0) {
    const [p] = await rowsOf<{ id: number; completed: number }>(
      db,
      sql`select p.id, p.completed_investment_wan::int as completed from projects p
          join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join users u on u.person_id = f.owner_id
          where u.username = 'owner' and p.status = 'active' and p.completed_investment_wan + ${room} < p.total_investment_wan
          order by p.id offset ${skip} limit 1`,
    );
    return p!;
  }

  async function completedOf(projectId: number) {
    return count(db, sql`select completed_investment_wan::int as n from projects where id = ${projectId}`);
  }

  it("files 50 monthly reports of one project at once: none fails, none is lost, the rollup is their sum", async () => {
    const owner = await signedIn(db, "owner");
    const p = await ownersProject(PARALLEL * 100);
    // Months long before the demo district's reports, none of them reported yet.
    const periods = Array.from(
      { length: PARALLEL },
      (_, i) => `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
    );
    const auditBefore = await count(
      db,
      sql`select count(*)::int as n from audit_events where entity = 'progressReport' and project_id = ${p.id}`,
    );
    const { ok, codes } = await settle(
      periods.map((period, i) =>
        owner.progress.submit({ projectId: p.id, period, investmentWan: 10 + i, physicalPercent: 1, narrative: "并发填报" }),
      ),
    );
    expect(codes).toEqual({});
    expect(ok).toHaveLength(PARALLEL);
    const filed = ok.reduce((sum, r) => sum + r.report.investmentWan, 0);
    const [rows] = await rowsOf<{ n: number; s: number }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(investment_wan), 0)::int as s from progress_reports
          where project_id = ${p.id} and period < '2007-01-01'`,
    );
    expect(rows).toEqual({ n: ok.length, s: filed });
    expect(await completedOf(p.id)).toBe(p.completed + filed);
    expect(
      await count(db, sql`select count(*)::int as n from audit_events where entity = 'progressReport' and project_id = ${p.id}`),
    ).toBe(auditBefore + ok.length);
  });

  it("lets one of 50 first reports for the same month in, and tells the rest it is already reported", async () => {
    const owner = await signedIn(db, "owner");
    const p = await ownersProject(PARALLEL * 100, 1);
    const { ok, refused } = await settle(
      Array.from({ length: PARALLEL }, (_, i) =>
        owner.progress.submit({ projectId: p.id, period: "2006-01", investmentWan: 10 + i, physicalPercent: 5 }),
      ),
    );
    expect(ok).toHaveLength(1);
    // CONFLICT when it was filed while the request ran; BAD_REQUEST (as for any second report) when it
    // was there already when the request came. Never a server error.
    for (const r of refused) {
      expect(["CONFLICT", "BAD_REQUEST"]).toContain(r.code);
      expect(r.message).toBe("2006-01的进度已填报，请修改已有填报");
    }
    expect(await completedOf(p.id)).toBe(p.completed + ok[0]!.report.investmentWan);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'progressReport' and entity_id = ${String(ok[0]!.report.id)}`,
      ),
    ).toBe(1);
  });

  it("takes exactly one of 50 corrections made from the same version; the rest are CONFLICT", async () => {
    const owner = await signedIn(db, "owner");
    const p = await ownersProject(PARALLEL * 100, 2);
    const first = await owner.progress.submit({ projectId: p.id, period: "2006-02", investmentWan: 100, physicalPercent: 5 });
    const { ok, codes } = await settle(
      Array.from({ length: PARALLEL }, (_, i) =>
        owner.progress.submit({
          projectId: p.id,
          period: "2006-02",
          investmentWan: 200 + i,
          physicalPercent: 6,
          version: first.report.version,
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(codes).toEqual({ CONFLICT: PARALLEL - 1 });
    expect(await completedOf(p.id)).toBe(p.completed + ok[0]!.report.investmentWan);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'progressReport' and entity_id = ${String(first.report.id)}`,
      ),
    ).toBe(2);
  });

  it("plans 50 milestones of one project at once, each with its own sequence number", async () => {
    const owner = await signedIn(db, "owner");
    const p = await ownersProject(0, 3);
    const [before] = await rowsOf<{ max: number; n: number }>(
      db,
      sql`select coalesce(max(seq), 0)::int as max, count(*)::int as n from milestones where project_id = ${p.id}`,
    );
    // Every other one with an idempotency key: its create runs inside the key's transaction.
    const { ok, codes } = await settle(
      Array.from({ length: PARALLEL }, (_, i) =>
        owner.milestones.plan({
          projectId: p.id,
          stage: "construction",
          name: `并发节点 ${i + 1}`,
          plannedDate: addDays(TEST_TODAY, 10 + i),
          ...(i % 2 ? { idempotencyKey: newKey() } : {}),
        }),
      ),
    );
    expect(codes).toEqual({});
    expect(ok).toHaveLength(PARALLEL);
    const seqs = ok.map((m) => m.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: PARALLEL }, (_, i) => before!.max + i + 1));
    expect(await count(db, sql`select count(*)::int as n from milestones where project_id = ${p.id}`)).toBe(before!.n + PARALLEL);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'milestone' and action = 'plan' and project_id = ${p.id}`,
      ),
    ).toBe(PARALLEL);
  });

  it("lets exactly one of concurrent five-fixed reassignments from the same version through; the rest are CONFLICT", async () => {
    const leadership = await signedIn(db, "leadership");
    const admin = await signedIn(db, "admin");
    const [current] = await rowsOf<{ project_id: number; version: number; leader_id: number; unit_id: number; owner_id: number }>(
      db,
      sql`select project_id, version, leader_id, unit_id, owner_id from five_fixed_assignments
          where valid_to is null order by project_id desc limit 1`,
    );
    const { ok, codes, refused } = await settle(
      Array.from({ length: PARALLEL }, (_, i) =>
        (i % 2 ? admin : leadership).fiveFixed.set({
          projectId: current!.project_id,
          version: current!.version,
          leaderId: current!.leader_id,
          unitId: current!.unit_id,
          ownerId: current!.owner_id,
          targetTask: `并发调整目标 ${i + 1}`,
          deadline: addDays(TEST_TODAY, 100 + i),
          reason: "同时调整",
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(codes).toEqual({ CONFLICT: PARALLEL - 1 });
    expect(refused[0]!.message).toMatch(/^五定责任已被.+于.+修改，请刷新后再试$/);
    const rows = await rowsOf<{ version: number; target_task: string }>(
      db,
      sql`select version, target_task from five_fixed_assignments where project_id = ${current!.project_id} and valid_to is null`,
    );
    expect(rows).toEqual([{ version: current!.version + 1, target_task: ok[0]!.targetTask }]);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'fiveFixed' and action = 'reassign'
            and entity_id = ${String(current!.project_id)}`,
      ),
    ).toBe(1);
  });

  it("gives all but one of 20 parallel registrations of one project code a CONFLICT, not a server error", async () => {
    const admin = await signedIn(db, "admin");
    const code = "2026-411702-35-03-800002";
    // Each checks the code is free before its transaction; the unique index decides between them.
    const { ok, codes, refused } = await settle(
      Array.from({ length: 20 }, (_, i) =>
        admin.projects.create({
          code,
          investorId: 1,
          signedDate: TEST_TODAY,
          name: `并发登记项目${i + 1}`,
          industry: "装备制造",
          category: "industrial",
          townshipId: 1,
          totalInvestmentWan: 10_000,
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(codes).toEqual({ CONFLICT: 19 });
    for (const r of refused) expect(r.message).toBe("项目代码已存在");
    expect(await count(db, sql`select count(*)::int as n from projects where code = ${code}`)).toBe(1);
  });

  it("answers a rule the database enforces (a start before signing) with BAD_REQUEST in the user's language", async () => {
    const admin = await signedIn(db, "admin");
    const leader = await signedIn(db, "leader");
    const leaderEn = await signedIn(db, "leader", { locale: "en" });
    const [holder] = await rowsOf<{ leader: number; owner: number; unit: number }>(
      db,
      sql`select p.id as leader, (select person_id from users where username = 'owner') as owner,
                 (select id from units order by id limit 1) as unit
          from people p join users u on u.person_id = p.id where u.username = 'leader'`,
    );
    // Signed three weeks from "today": a project the admin registers ahead of the signing ceremony.
    const project = await admin.projects.create({
      code: "2026-411702-35-03-800001",
      investorId: 1,
      signedDate: addDays(TEST_TODAY, 21),
      name: "约束测试项目",
      industry: "装备制造",
      category: "industrial",
      townshipId: 1,
      totalInvestmentWan: 10_000,
    });
    await admin.fiveFixed.set({ projectId: project.id, leaderId: holder!.leader, unitId: holder!.unit, ownerId: holder!.owner });
    // Moving it into construction today would record an actual start before it was signed.
    const move = { id: project.id, version: project.version, stage: "construction" as const, reason: "提前进场" };
    await expect(leader.projects.moveStage(move)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "实际开工日期不能早于项目签约日期",
    });
    await expect(leaderEn.projects.moveStage(move)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The actual start cannot be before the project was signed",
    });
    const [after] = await rowsOf<{ stage: string; version: number }>(
      db,
      sql`select stage, version from projects where id = ${project.id}`,
    );
    expect(after).toEqual({ stage: "negotiation", version: project.version });
  });
});
