import { type Database, rowsOf, schema } from "@tracker/db";
import { addDays } from "@tracker/domain";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditCount, signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";

/** Pending milestones of the projects a demo user holds as leader or owner. */
async function pendingMilestonesOf(db: Database, username: string) {
  return rowsOf<{ id: number; project_id: number; version: number; planned_date: string; baseline_date: string }>(
    db,
    sql`select m.id, m.project_id, m.version, m.planned_date::text, m.baseline_date::text from milestones m
        join five_fixed_assignments f on f.project_id = m.project_id and f.valid_to is null
        join users u on u.person_id in (f.leader_id, f.owner_id)
        where u.username = ${username} and m.status = 'pending' order by m.id`,
  );
}

describe.each(testBackends())("milestones on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("lets the person in charge complete a milestone of their project, audited", async () => {
    const owner = await signedIn(db, "owner");
    const [m] = await pendingMilestonesOf(db, "owner");
    const done = await owner.milestones.complete({ id: m!.id, version: m!.version, actualDate: TEST_TODAY });
    expect(done).toMatchObject({ id: m!.id, status: "done", actualDate: TEST_TODAY, version: m!.version + 1 });
    expect(await auditCount(db, "milestone", m!.id)).toBe(1);
    await expect(owner.milestones.complete({ id: m!.id, version: done.version, actualDate: TEST_TODAY })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "该节点已完成，不能再修改",
    });
  });

  it("keeps each change in its project's trail, for leadership and the auditor", async () => {
    const owner = await signedIn(db, "owner");
    // The last one: the tests below take the first and expect it untouched.
    const m = (await pendingMilestonesOf(db, "owner")).at(-1);
    const projectId = m!.project_id;
    const before = await (await signedIn(db, "auditor")).audit.forProject({ projectId });
    await owner.milestones.replan({
      id: m!.id,
      version: m!.version,
      plannedDate: addDays(TEST_TODAY, 30),
      reason: "设备到货推迟",
    });
    const [other] = await rowsOf<{ id: number }>(db, sql`select id from projects where id <> ${projectId} order by id limit 1`);
    const trail = await (await signedIn(db, "leadership")).audit.forProject({ projectId });
    expect(trail.total).toBe(before.total + 1);
    expect(trail.items[0]).toMatchObject({
      entity: "milestone",
      entityId: String(m!.id),
      action: "replan",
      username: "owner",
      personName: expect.any(String),
      after: expect.objectContaining({ plannedDate: addDays(TEST_TODAY, 30) }),
    });
    // Another project's trail does not show it.
    const elsewhere = await (await signedIn(db, "auditor")).audit.forProject({ projectId: other!.id });
    expect(elsewhere.items.some((e) => e.entity === "milestone" && e.entityId === String(m!.id))).toBe(false);
  });

  it("refuses a completion date in the future and changes nothing", async () => {
    const owner = await signedIn(db, "owner");
    const [m] = await pendingMilestonesOf(db, "owner");
    await expect(
      owner.milestones.complete({ id: m!.id, version: m!.version, actualDate: addDays(TEST_TODAY, 1) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "完成日期不能晚于今天" });
    const [after] = await db.select().from(schema.milestones).where(eq(schema.milestones.id, m!.id));
    expect(after).toMatchObject({ status: "pending", version: m!.version, actualDate: null });
    expect(await auditCount(db, "milestone", m!.id)).toBe(0);
  });

  it("re-plans with a reason, keeps the baseline and records the change", async () => {
    const leader = await signedIn(db, "leader");
    const [m] = await pendingMilestonesOf(db, "leader");
    const planned = addDays(m!.planned_date, 30);
    await expect(
      leader.milestones.replan({ id: m!.id, version: m!.version, plannedDate: planned, reason: "" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const updated = await leader.milestones.replan({
      id: m!.id,
      version: m!.version,
      plannedDate: planned,
      reason: "设计方案调整",
    });
    expect(updated).toMatchObject({ plannedDate: planned, baselineDate: m!.baseline_date, version: m!.version + 1 });
    const replans = await db.select().from(schema.milestoneReplans).where(eq(schema.milestoneReplans.milestoneId, m!.id));
    expect(replans.at(-1)).toMatchObject({ fromDate: m!.planned_date, toDate: planned, reason: "设计方案调整" });
  });

  it("gives the second of two edits from the same version a CONFLICT naming who changed it; one audit event", async () => {
    const leader = await signedIn(db, "leader");
    const owner = await signedIn(db, "owner");
    // A milestone of 民生天都星城, which the demo leader and the demo person in charge both hold.
    const ownerIds = new Set((await pendingMilestonesOf(db, "owner")).map((m) => m.id));
    const m = (await pendingMilestonesOf(db, "leader")).find((x) => ownerIds.has(x.id))!;
    const results = await Promise.allSettled([
      leader.milestones.complete({ id: m.id, version: m.version, actualDate: TEST_TODAY }),
      owner.milestones.replan({ id: m.id, version: m.version, plannedDate: addDays(m.planned_date, 9), reason: "雨季影响施工" }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: "CONFLICT" });
    expect(rejected[0]!.reason.message).toMatch(/节点已被(刘卫东|.+)于.+修改，请刷新后再试/);
    expect(await auditCount(db, "milestone", m.id)).toBe(1);
  });
});
