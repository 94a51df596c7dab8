import { type Database, rowsOf } from "@tracker/db";
import { workingDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("stages, permits and the audit log on %s", (kind) => {
  let db: Database;
  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("moves a project one stage on freely, back only with a reason, and records the start of construction", async () => {
    const leader = await signedIn(db, "leader");
    const [p] = await rowsOf<{ id: number; version: number }>(
      db,
      sql`select p.id, p.version from projects p join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join users u on u.person_id = f.leader_id where u.username = 'leader' and p.stage = 'land' order by p.id limit 1`,
    );
    const moved = await leader.projects.moveStage({ id: p!.id, version: p!.version, stage: "construction" });
    expect(moved).toMatchObject({
      stage: "construction",
      status: "active",
      actualStartDate: TEST_TODAY,
      version: p!.version + 1,
    });
    await expect(leader.projects.moveStage({ id: p!.id, version: moved.version, stage: "permits" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "退回或跨越阶段须填写原因",
    });
    await expect(leader.projects.moveStage({ id: p!.id, version: moved.version, stage: "construction" })).rejects.toMatchObject({
      message: "项目已处于该阶段",
    });
    await expect(leader.projects.moveStage({ id: p!.id, version: p!.version, stage: "hiring" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const back = await leader.projects.moveStage({
      id: p!.id,
      version: moved.version,
      stage: "land",
      reason: "施工许可被撤销，重新办理用地",
    });
    expect(back).toMatchObject({ stage: "land", actualStartDate: null });
    const events = await rowsOf<{ action: string }>(
      db,
      sql`select action from audit_events where entity = 'project' and entity_id = ${String(p!.id)} order by id`,
    );
    expect(events.map((e) => e.action)).toEqual(["stage_forward", "stage_back"]);
  });

  it("lets window staff accept, review, return and approve their unit's permits on the statutory clock", async () => {
    const staff = await signedIn(db, "staff");
    const [p] = await rowsOf<{ id: number; version: number; days: number; project_id: number }>(
      db,
      sql`select p.id, p.version, a.statutory_days as days, p.project_id from permits p join approval_items a on a.id = p.approval_item_id
          join people pe on pe.unit_id = a.unit_id join users u on u.person_id = pe.id
          where u.username = 'staff' and p.status = 'not_started' order by p.id limit 1`,
    );
    const accepted = await staff.permits.move({ id: p!.id, version: p!.version, to: "submitted" });
    expect(accepted).toMatchObject({
      status: "submitted",
      submittedDate: TEST_TODAY,
      dueDate: workingDays.addWorkingDays(TEST_TODAY, p!.days),
    });
    const queue = await staff.permits.queue();
    expect(queue.some((q) => q.id === p!.id)).toBe(true);
    const left = queue.map((q) => q.workingDaysLeft!);
    expect(left).toEqual([...left].sort((a, b) => a - b));

    const reviewing = await staff.permits.move({ id: p!.id, version: accepted.version, to: "in_review" });
    await expect(
      staff.permits.move({ id: p!.id, version: reviewing.version, to: "approved", certificateNo: "  " }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      staff.permits.move({ id: p!.id, version: reviewing.version, to: "returned", missingMaterials: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const returned = await staff.permits.move({
      id: p!.id,
      version: reviewing.version,
      to: "returned",
      missingMaterials: ["施工图审查合格书", "建设资金到位证明"],
    });
    expect(returned).toMatchObject({ status: "returned", missingMaterials: ["施工图审查合格书", "建设资金到位证明"] });
    await expect(
      staff.permits.move({ id: p!.id, version: returned.version, to: "approved", certificateNo: "X" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "该事项当前为“退回补正”，不能改为“已办结”",
    });

    // What the investor's company sees of it: the one-time list of everything missing.
    const leadership = await signedIn(db, "leadership");
    const seen = (await leadership.permits.forProject({ projectId: p!.project_id })).find((x) => x.id === p!.id);
    expect(seen).toMatchObject({ status: "returned", missingMaterials: ["施工图审查合格书", "建设资金到位证明"] });

    const again = await staff.permits.move({ id: p!.id, version: returned.version, to: "submitted" });
    const approved = await staff.permits.move({
      id: p!.id,
      version: again.version,
      to: "approved",
      certificateNo: "411702202611280001",
    });
    expect(approved).toMatchObject({
      status: "approved",
      certificateNo: "411702202611280001",
      decidedDate: TEST_TODAY,
      missingMaterials: null,
    });
  });

  it("shows the auditor every change with who, role, when, before and after, filtered", async () => {
    const owner = await signedIn(db, "owner");
    const [m] = await rowsOf<{ id: number; version: number }>(
      db,
      sql`select m.id, m.version from milestones m join five_fixed_assignments f on f.project_id = m.project_id and f.valid_to is null
          join users u on u.person_id = f.owner_id where u.username = 'owner' and m.status = 'pending' order by m.id limit 1`,
    );
    await owner.milestones.complete({ id: m!.id, version: m!.version, actualDate: TEST_TODAY });
    const auditor = await signedIn(db, "auditor");
    const log = await auditor.audit.list({ entity: "milestone", from: TEST_TODAY, to: TEST_TODAY });
    expect(log.total).toBeGreaterThanOrEqual(1);
    expect(log.items[0]).toMatchObject({
      username: "owner",
      role: "owner",
      entity: "milestone",
      entityId: String(m!.id),
      action: "complete",
      before: expect.objectContaining({ status: "pending" }),
      after: expect.objectContaining({ status: "done" }),
    });
    const logins = await auditor.audit.list({ entity: "user" });
    expect(logins.items.some((e) => e.action === "login")).toBe(true);
    expect((await auditor.audit.list({ entity: "milestone", from: "2020-01-01", to: "2020-01-02" })).total).toBe(0);

    // By login name (any case), action and project.
    const byOwner = await auditor.audit.list({ username: "OWNER", action: "complete" });
    expect(byOwner.total).toBeGreaterThanOrEqual(1);
    expect(byOwner.items.every((e) => e.username === "owner" && e.action === "complete")).toBe(true);
    const [project] = await rowsOf<{ id: number }>(db, sql`select project_id as id from milestones where id = ${m!.id}`);
    const trail = await auditor.audit.list({ projectId: project!.id });
    expect(trail.items.some((e) => e.entity === "milestone" && e.entityId === String(m!.id))).toBe(true);
    expect(trail.items.every((e) => e.projectId === project!.id)).toBe(true);
    expect((await auditor.audit.list({ username: "nobody-here" })).total).toBe(0);
  });

  it("takes a problem from the investor's report through escalation to resolution, closing and reopening", async () => {
    const investor = await signedIn(db, "investor");
    const [own] = (await investor.projects.list({ q: "华骏铸造三期" })).items;
    const raised = await investor.problems.raise({
      projectId: own!.id,
      category: "utilities",
      description: "厂区天然气管网未接通，影响设备调试",
      deadline: "2026-12-15",
    });
    expect(raised).toMatchObject({ status: "open", escalationLevel: "unit" });
    await expect(
      investor.problems.raise({ projectId: own!.id, category: "utilities", description: "过期的时限", deadline: "2026-11-01" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "办结时限不能早于今天" });

    const leadership = await signedIn(db, "leadership");
    let p = await leadership.problems.escalate({ id: raised.id, version: raised.version, reason: "承办单位逾期未办" });
    expect(p.escalationLevel).toBe("working_group");
    p = await leadership.problems.escalate({ id: p.id, version: p.version, reason: "专业组协调未果" });
    expect(p.escalationLevel).toBe("district");
    await expect(leadership.problems.escalate({ id: p.id, version: p.version, reason: "再提级" })).rejects.toMatchObject({
      message: "问题已提级至区领导，不能再提级",
    });
    await expect(leadership.problems.verify({ id: p.id, version: p.version })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "问题当前为“待办”，不能验收销号",
    });
    const staffProblem = await leadership.problems.assign({ id: p.id, version: p.version, assignedUnitId: (await staffUnit())! });
    const staff = await signedIn(db, "staff");
    await expect(staff.problems.resolve({ id: p.id, version: staffProblem.version, resolution: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const resolved = await staff.problems.resolve({
      id: p.id,
      version: staffProblem.version,
      resolution: "燃气公司铺设支线，已通气",
    });
    expect(resolved).toMatchObject({ status: "resolved", resolution: "燃气公司铺设支线，已通气" });
    const closed = await leadership.problems.verify({ id: p.id, version: resolved.version });
    expect(closed.status).toBe("verified");
    const reopened = await leadership.problems.reopen({ id: p.id, version: closed.version, reason: "复查发现压力不足" });
    expect(reopened).toMatchObject({ status: "in_progress", resolvedAt: null, verifiedAt: null });
    const actions = await rowsOf<{ action: string }>(
      db,
      sql`select action from audit_events where entity = 'problem' and entity_id = ${String(p.id)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(["raise", "escalate", "escalate", "assign", "resolve", "verify", "reopen"]);
  });

  it("re-fixes five-fixed responsibility and keeps the history", async () => {
    const leadership = await signedIn(db, "leadership");
    const [hit] = (await leadership.projects.list({ q: "浙江商城" })).items;
    const before = await leadership.projects.get({ id: hit!.id });
    const current = before.fiveFixed!;
    const next = await leadership.fiveFixed.set({
      projectId: hit!.id,
      version: current.version,
      leaderId: current.leaderId,
      unitId: current.unitId,
      ownerId: current.leaderId,
      targetTask: "2027年3月底前主体封顶",
      deadline: "2027-03-31",
      reason: "责任人调整",
    });
    expect(next.version).toBe(current.version + 1);
    const after = await leadership.projects.get({ id: hit!.id });
    expect(after.fiveFixed).toMatchObject({
      ownerId: current.leaderId,
      targetTask: "2027年3月底前主体封顶",
      reason: "责任人调整",
    });
    expect(after.fiveFixedHistory[0]).toMatchObject({ id: current.id, ownerId: current.ownerId });
    await expect(
      leadership.fiveFixed.set({ projectId: hit!.id, version: current.version, leaderId: 1, unitId: 1, ownerId: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      leadership.fiveFixed.set({
        projectId: hit!.id,
        version: next.version,
        leaderId: 1,
        unitId: 1,
        ownerId: 1,
        targetTask: "无时限",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "目标任务与时间节点须同时填写" });
  });

  it("lists my work soonest first: milestones for the person in charge, the permit queue for window staff", async () => {
    const owner = await (await signedIn(db, "owner")).me.work();
    expect(owner.projects.map((p) => p.name)).toEqual(expect.arrayContaining(["十三香工业园", "华润雪花啤酒", "民生天都星城"]));
    const dates = owner.milestones.map((m) => m.plannedDate);
    expect(dates).toEqual([...dates].sort());
    expect(owner.milestones.every((m) => m.plannedDate <= "2026-12-12")).toBe(true);
    const staff = await (await signedIn(db, "staff")).me.work();
    expect(staff.projects).toEqual([]);
    expect(staff.permits.length).toBeGreaterThan(0);
    const left = staff.permits.map((p) => p.workingDaysLeft!);
    expect(left).toEqual([...left].sort((a, b) => a - b));
  });

  it("registers a project and edits it: initials for search, total never below what is invested, lifecycle rules", async () => {
    const admin = await signedIn(db, "admin");
    const created = await admin.projects.create({
      code: "2026-411702-35-03-990100",
      investorId: 1,
      signedDate: "2026-11-20",
      name: "驿城智能装备产业园",
      industry: "装备制造",
      category: "industrial",
      townshipId: 1,
      isKey: true,
      plannedStartDate: "2027-03-01",
      plannedCompletionDate: "2028-06-30",
      totalInvestmentWan: 50_000,
      jobsPlanned: 600,
    });
    expect(created).toMatchObject({ stage: "negotiation", status: "active", nameInitials: "ycznzbcyy", version: 1 });
    expect((await admin.projects.list({ q: "ycznzb" })).items.map((p) => p.id)).toEqual([created.id]);
    await expect(
      admin.projects.create({
        ...created,
        code: created.code,
        plannedStartDate: "2027-03-01",
        plannedCompletionDate: "2028-06-30",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "项目代码已存在" });
    await expect(admin.projects.update({ id: created.id, version: 1, plannedStartDate: "2029-01-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "计划竣工日期不能早于计划开工日期",
    });
    const suspended = await admin.projects.update({
      id: created.id,
      version: 1,
      status: "suspended",
      totalInvestmentWan: 60_000,
    });
    expect(suspended).toMatchObject({ status: "suspended", totalInvestmentWan: 60_000, version: 2 });
    const cancelled = await admin.projects.update({ id: created.id, version: 2, status: "cancelled" });
    await expect(admin.projects.update({ id: created.id, version: cancelled.version, status: "active" })).rejects.toMatchObject({
      message: "项目状态不能由“终止”改为“在建推进”",
    });
    const [busy] = await rowsOf<{ id: number; version: number; completed: number }>(
      db,
      sql`select id, version, completed_investment_wan::int as completed from projects where completed_investment_wan > 0 order by id limit 1`,
    );
    await expect(
      admin.projects.update({ id: busy!.id, version: busy!.version, totalInvestmentWan: busy!.completed - 1 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: `总投资不能低于已完成投资${busy!.completed}万元` });
  });

  async function staffUnit() {
    const [u] = await rowsOf<{ id: number }>(
      db,
      sql`select pe.unit_id as id from users u join people pe on pe.id = u.person_id where u.username = 'staff'`,
    );
    return u?.id;
  }
});
