import { type Database, rowsOf } from "@tracker/db";
import { PROJECT_SORT_KEYS } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { client, signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("the project register on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("answers UNAUTHORIZED to every data procedure without a session", async () => {
    const anonymous = client(db).caller();
    await expect(anonymous.dashboard.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.projects.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.projects.get({ id: 1 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.permits.forProject({ projectId: 1 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.reference.options()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.auth.logout()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("filters the register by industry, category and the year work started or was signed", async () => {
    const leadership = await signedIn(db, "leadership");
    const [counts] = await rowsOf<{ industry: string; n: number; started: number; signed: number; realEstate: number }>(
      db,
      sql`select (select industry from projects group by industry order by count(*) desc, industry limit 1) as industry,
                 (select count(*) from projects where industry =
                   (select industry from projects group by industry order by count(*) desc, industry limit 1))::int as n,
                 (select count(*) from projects where actual_start_date between '2026-01-01' and '2026-12-31')::int as started,
                 (select count(*) from projects where signed_date between '2026-01-01' and '2026-12-31')::int as signed,
                 (select count(*) from projects where category = 'real_estate')::int as "realEstate"`,
    );
    expect((await leadership.projects.list({ industry: counts!.industry })).total).toBe(counts!.n);
    expect((await leadership.projects.list({ startedIn: 2026 })).total).toBe(counts!.started);
    expect((await leadership.projects.list({ signedIn: 2026 })).total).toBe(counts!.signed);
    expect((await leadership.projects.list({ category: "real_estate" })).total).toBe(counts!.realEstate);
    const summary = await leadership.dashboard.summary();
    expect(summary.startedThisYearCount).toBe(counts!.started);
    expect(summary.settledThisYearCount).toBe(counts!.signed);
  });

  it("lists the register with filters, paging and sorting", async () => {
    const leader = await signedIn(db, "leader");
    const all = await leader.projects.list({ pageSize: 50 });
    expect(all.total).toBe(364);
    expect(all.items).toHaveLength(50);
    // Default order: largest investment first.
    const amounts = all.items.map((p) => p.totalInvestmentWan);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    const construction = await leader.projects.list({ stage: "construction", pageSize: 200 });
    const [{ n }] = (await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from projects where stage = 'construction'`,
    )) as [{ n: number }];
    expect(construction.total).toBe(n);
    expect(construction.items.every((p) => p.stage === "construction")).toBe(true);

    const keyEstate = await leader.projects.list({ key: true, pageSize: 200 });
    expect(keyEstate.items.every((p) => p.isKey)).toBe(true);

    const lastPage = await leader.projects.list({ page: 19, pageSize: 20 });
    expect(lastPage.total).toBe(364);
    expect(lastPage.items).toHaveLength(4);
    const beyond = await leader.projects.list({ page: 40, pageSize: 20 });
    expect(beyond).toEqual({ items: [], total: 364 });

    const byName = await leader.projects.list({ sort: { by: "signedDate", dir: "asc" }, pageSize: 10 });
    const dates = byName.items.map((p) => p.signedDate);
    expect(dates).toEqual([...dates].sort());
  });

  it("sorts on every column, both ways, as the database orders them", async () => {
    const leadership = await signedIn(db, "leadership");
    for (const by of PROJECT_SORT_KEYS) {
      const asc = await leadership.projects.list({ sort: { by, dir: "asc" }, pageSize: 200 });
      const desc = await leadership.projects.list({ sort: { by, dir: "desc" }, pageSize: 200 });
      expect({ by, total: asc.total }).toEqual({ by, total: 364 });
      expect(desc.total).toBe(364);
      expect(asc.items[0]!.id).not.toBe(undefined);
    }
    const byLeader = await leadership.projects.list({ sort: { by: "leaderName", dir: "asc" }, pageSize: 200 });
    const expected = await rowsOf<{ id: number }>(
      db,
      sql`select p.id from projects p join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join people l on l.id = f.leader_id order by l.name asc nulls last, p.id limit 200`,
    );
    expect(byLeader.items.map((p) => p.id)).toEqual(expected.map((e) => e.id));
    const byRag = await leadership.projects.list({ sort: { by: "rag", dir: "asc" }, pageSize: 200 });
    const order = { red: 0, amber: 1, green: 2 } as const;
    const ranks = byRag.items.map((p) => order[p.rag]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const byCompleted = await leadership.projects.list({ sort: { by: "completedInvestmentWan", dir: "desc" }, pageSize: 50 });
    const amounts = byCompleted.items.map((p) => p.completedInvestmentWan);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it("filters by leader, unit, RAG and overdue, and they agree with each other", async () => {
    const leadership = await signedIn(db, "leadership");
    const me = await (await signedIn(db, "leader")).auth.me();
    const mine = await leadership.projects.list({ leaderId: me!.personId!, pageSize: 200 });
    expect(mine.total).toBeGreaterThanOrEqual(4);
    expect(mine.items.every((p) => p.leaderId === me!.personId)).toBe(true);
    expect(mine.items.map((p) => p.name)).toContain("天基权低碳产业园");

    const unitId = mine.items[0]!.unitId!;
    const byUnit = await leadership.projects.list({ unitId, pageSize: 200 });
    expect(byUnit.items.every((p) => p.unitId === unitId)).toBe(true);

    const summary = await leadership.dashboard.summary();
    const red = await leadership.projects.list({ rag: "red", pageSize: 1 });
    const overdue = await leadership.projects.list({ overdue: true, pageSize: 1 });
    const amber = await leadership.projects.list({ rag: "amber", pageSize: 1 });
    expect(red.total).toBe(summary.rag.red);
    expect(overdue.total).toBe(summary.rag.red);
    expect(amber.total).toBe(summary.rag.amber);
  });

  it("searches by name, code, investor and pinyin initials", async () => {
    const owner = await signedIn(db, "owner");
    expect((await owner.projects.list({ q: "hjzz" })).items.map((p) => p.name)).toContain("华骏铸造二期");
    expect((await owner.projects.list({ q: "十三香" })).items.map((p) => p.name)).toEqual(["十三香工业园"]);
    expect((await owner.projects.list({ q: "中集华骏" })).total).toBe(3);
    const one = (await owner.projects.list({ q: "浙江商城" })).items[0]!;
    expect((await owner.projects.list({ q: one.code })).items.map((p) => p.id)).toEqual([one.id]);
    expect((await owner.projects.list({ q: "%" })).total).toBe(0);
  });

  it("shows a project with five-fixed, milestones, permits, problems, reports and RAG reasons", async () => {
    const leadership = await signedIn(db, "leadership");
    const [hit] = (await leadership.projects.list({ q: "民生天都星城" })).items;
    const project = await leadership.projects.get({ id: hit!.id });
    expect(project).toMatchObject({ name: "民生天都星城", stage: "construction", category: "real_estate", isKey: true });
    expect(project.fiveFixed).toMatchObject({ leaderName: "刘卫东" });
    expect(project.fiveFixed!.targetTask).toBeTruthy();
    expect(project.milestones.length).toBeGreaterThanOrEqual(10);
    expect(project.permits.length).toBeGreaterThanOrEqual(15);
    expect(project.progressReports.length).toBeGreaterThan(0);
    expect(project.progressReports.length).toBeLessThanOrEqual(24);
    expect(["red", "amber", "green"]).toContain(project.rag.colour);
    expect(project.rag.colour).toBe(hit!.rag);
    expect(project.investor.contactPhone).toBeTruthy();
  });

  it("hides investors' contacts from department staff", async () => {
    const staff = await signedIn(db, "staff");
    const project = await staff.projects.get({ id: 1 });
    expect(project.investor).not.toHaveProperty("contactPhone");
    expect(project.investor.name).toBeTruthy();
  });

  it("shows investors only their own company's projects, and NOT_FOUND for any other", async () => {
    const investor = await signedIn(db, "investor");
    const own = await investor.projects.list({ pageSize: 50 });
    expect(own.total).toBe(3);
    expect(own.items.map((p) => p.name).sort()).toEqual(["中集华骏车辆配件项目", "华骏铸造三期", "华骏铸造二期"].sort());
    expect((await investor.dashboard.summary()).projectCount).toBe(3);
    const [other] = await rowsOf<{ id: number }>(
      db,
      sql`select p.id from projects p join investors i on i.id = p.investor_id where i.name <> '驻马店中集华骏铸造有限公司' limit 1`,
    );
    await expect(investor.projects.get({ id: other!.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "项目不存在" });
    await expect(investor.permits.forProject({ projectId: other!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(investor.projects.get({ id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const detail = await investor.projects.get({ id: own.items[0]!.id });
    expect(detail).toMatchObject({ id: own.items[0]!.id });
    // Only what the output schema lists leaves for an investor.
    expect(detail).not.toHaveProperty("nameInitials");
    expect(detail.fiveFixed?.ownerPhone).toBeUndefined();
    expect(detail.fiveFixedHistory).toEqual([]);
    expect((await (await signedIn(db, "leadership")).projects.get({ id: own.items[0]!.id })).fiveFixed?.ownerPhone).toBeTruthy();
  });

  it("keeps the auditor out of the register (the auditor reads the audit log only)", async () => {
    const auditor = await signedIn(db, "auditor");
    await expect(auditor.dashboard.summary()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(auditor.projects.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(auditor.projects.get({ id: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(auditor.permits.forProject({ projectId: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("rejects bad filters with BAD_REQUEST", async () => {
    const leadership = await signedIn(db, "leadership");
    await expect(leadership.projects.list({ pageSize: 10_000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(leadership.projects.list({ stage: "demolished" as "land" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(leadership.projects.get({ id: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(leadership.projects.list({ q: "x".repeat(1_000_000) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
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
});
