import { type Database, rowsOf } from "@tracker/db";
import { PROJECT_SORT_KEYS, STAGES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { client, signedIn, type TestDatabase, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("reading the district on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;
  useTestDatabase(kind, async (opened) => {
    database = opened;
    db = database.db;
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

  it("gives leadership the article's headline figures", async () => {
    const leadership = await signedIn(db, "leadership");
    const summary = await leadership.dashboard.summary();
    expect(summary).toMatchObject({
      projectCount: 364,
      totalInvestmentWan: 2_638_000,
      completedInvestmentWan: 687_000,
      operatingCount: 137,
    });
    expect(summary.byStage.map((s) => s.stage)).toEqual([...STAGES]);
    const byStage = await rowsOf<{ stage: string; n: number; total: string }>(
      db,
      sql`select stage, count(*)::int as n, sum(total_investment_wan)::text as total from projects group by stage`,
    );
    for (const s of summary.byStage) {
      const expected = byStage.find((r) => r.stage === s.stage)!;
      expect({ stage: s.stage, count: s.count, total: s.totalInvestmentWan }).toEqual({
        stage: s.stage,
        count: expected.n,
        total: Number(expected.total),
      });
    }
    expect(summary.rag.red + summary.rag.amber + summary.rag.green).toBe(364);
    expect(summary.rag.red).toBeGreaterThan(0);
  });

  it("serves the overview's panels, scoped for investors", async () => {
    const leadership = await signedIn(db, "leadership");
    const months = await leadership.dashboard.investmentByMonth();
    expect(months).toHaveLength(24);
    expect(months.at(-1)!.month).toBe("2026-10");
    const [window] = await rowsOf<{ s: number }>(
      db,
      sql`select coalesce(sum(investment_wan), 0)::int as s from progress_reports where period >= '2024-11-01' and period < '2026-11-01'`,
    );
    expect(months.reduce((s, m) => s + m.completedWan, 0)).toBe(window!.s);
    const reasons = await leadership.dashboard.ragReasons();
    expect(reasons.length).toBeGreaterThan(0);
    const overdue = await leadership.dashboard.overdue();
    expect(overdue.milestones[0]).toMatchObject({ leaderName: expect.any(String), ownerName: expect.any(String) });
    const leagues = await leadership.dashboard.leagues();
    expect(leagues.leaders.reduce((s, l) => s + l.projects, 0)).toBe(364);

    const investor = await signedIn(db, "investor");
    const own = await investor.dashboard.investmentByMonth();
    const [mine] = await rowsOf<{ s: number }>(
      db,
      sql`select coalesce(sum(r.investment_wan), 0)::int as s from progress_reports r join projects p on p.id = r.project_id
          join users u on u.investor_id = p.investor_id where u.username = 'investor' and r.period >= '2024-11-01' and r.period < '2026-11-01'`,
    );
    expect(own.reduce((s, m) => s + m.completedWan, 0)).toBe(mine!.s);

    const [theirs] = await rowsOf<{ n: number; total: number }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(p.total_investment_wan), 0)::float8 as total from projects p
          join users u on u.investor_id = p.investor_id where u.username = 'investor'`,
    );
    const breakdown = await investor.dashboard.breakdown();
    expect(breakdown.byIndustry.reduce((s, r) => s + r.projects, 0)).toBe(theirs!.n);
    expect(breakdown.byTownship.reduce((s, r) => s + r.totalWan, 0)).toBe(Number(theirs!.total));
    expect((await leadership.dashboard.breakdown()).byIndustry.reduce((s, r) => s + r.projects, 0)).toBe(364);
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

  it("filters the summary by township", async () => {
    const leadership = await signedIn(db, "leadership");
    const [t] = await rowsOf<{ id: number; n: number; total: string }>(
      db,
      sql`select township_id as id, count(*)::int as n, sum(total_investment_wan)::text as total from projects
          group by township_id order by count(*) desc limit 1`,
    );
    const summary = await leadership.dashboard.summary({ townshipId: t!.id });
    expect(summary.projectCount).toBe(t!.n);
    expect(summary.totalInvestmentWan).toBe(Number(t!.total));
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

  it("gives permits with issuing unit, statutory limit and working days left", async () => {
    const staff = await signedIn(db, "staff");
    const [pending] = await rowsOf<{ project_id: number }>(
      db,
      sql`select project_id from permits where status in ('submitted','in_review') order by due_date limit 1`,
    );
    const permits = await staff.permits.forProject({ projectId: pending!.project_id });
    const open = permits.filter((p) => p.status === "submitted" || p.status === "in_review");
    expect(open.length).toBeGreaterThan(0);
    for (const p of open) {
      expect(p.workingDaysLeft).toEqual(expect.any(Number));
      expect(p.overdue).toBe(p.workingDaysLeft! < 0);
      expect(p.unitName).toBeTruthy();
      expect(p.statutoryDays).toBeGreaterThan(0);
    }
    expect(permits.filter((p) => p.status === "approved").every((p) => p.certificateNo && p.workingDaysLeft === null)).toBe(true);
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
});
