import { computeRag, STAGES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, rowsOf } from "../client";
import { getProject } from "../queries";
import { ragColourOfFacts } from "../queries/rag";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "../testing";
import { buildDemoDistrict, DEMO_FIGURES, seedDemoDistrict } from "./index";
import { DERIVED_TABLE_NAMES, DISTRICT_TABLE_NAMES } from "./tables";

async function one<T>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
  return (await rowsOf<T>(db, query))[0]!;
}

describe.each(testBackends())("the demo district on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("has the article's 364 projects, 263.8 亿元 planned, 137 operating and 68.7 亿元 invested", async () => {
    const f = await one<{ n: number; total: string; operating: number; completed: string }>(
      db,
      sql`select count(*)::int as n, sum(total_investment_wan)::text as total,
                 (count(*) filter (where status = 'operating'))::int as operating,
                 sum(completed_investment_wan)::text as completed from projects`,
    );
    expect(f).toEqual({ n: 364, total: "2638000", operating: 137, completed: "687000" });
  });

  it("derives every project's completed investment from its monthly reports", async () => {
    const mismatches = await one<{ n: number }>(
      db,
      sql`select count(*)::int as n from projects p
          where p.completed_investment_wan <> coalesce((select sum(investment_wan) from progress_reports r where r.project_id = p.id), 0)`,
    );
    expect(mismatches.n).toBe(0);
  });

  it("has 5 townships, 11 subdistricts, 22 service-centre units with 115 approval items, 7 working groups", async () => {
    const f = await one<Record<string, number>>(
      db,
      sql`select (select count(*) from townships where kind = 'township')::int as townships,
                 (select count(*) from townships where kind = 'subdistrict')::int as subdistricts,
                 (select count(*) from units where in_service_centre)::int as service_centre_units,
                 (select count(distinct unit_id) from approval_items)::int as issuing_units,
                 (select count(*) from approval_items)::int as approval_items,
                 (select count(*) from working_groups)::int as working_groups,
                 (select count(*) from units where kind = 'township_office')::int as township_offices`,
    );
    expect(f).toEqual({
      townships: 5,
      subdistricts: 11,
      service_centre_units: 22,
      issuing_units: 22,
      approval_items: 115,
      working_groups: 7,
      township_offices: 16,
    });
  });

  it("gives approval items the statutory limits of the law", async () => {
    const limits = await rowsOf<{ name: string; statutory_days: number }>(
      db,
      sql`select name, statutory_days from approval_items where name in
          ('建筑工程施工许可证核发','建设用地规划许可证','建设项目环境影响报告书审批','建设项目环境影响报告表审批','建设工程消防设计审查')
          order by name`,
    );
    expect(Object.fromEntries(limits.map((l) => [l.name, l.statutory_days]))).toEqual({
      建筑工程施工许可证核发: 7,
      建设用地规划许可证: 20,
      建设项目环境影响报告书审批: 60,
      建设项目环境影响报告表审批: 30,
      建设工程消防设计审查: 15,
    });
  });

  it("has 36 key real-estate projects with all five of 五定 fixed", async () => {
    const f = await one<{ key_real_estate: number; full_five_fixed: number }>(
      db,
      sql`select count(*)::int as key_real_estate,
                 (count(*) filter (where f.leader_id is not null and f.unit_id is not null and f.owner_id is not null
                                    and f.target_task is not null and f.deadline is not null))::int as full_five_fixed
          from projects p left join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          where p.category = 'real_estate' and p.is_key`,
    );
    expect(f).toEqual({ key_real_estate: 36, full_five_fixed: 36 });
  });

  it("places the article's named projects in their stages", async () => {
    const named = await rowsOf<{ name: string; stage: string }>(
      db,
      sql`select name, stage from projects where name in ('华骏铸造二期','上海华宇电力','清华阳光','顶升油脂二期','天基权低碳产业园',
          '十三香工业园','管桩附件生产','华润雪花啤酒','香港凯悦标准厂房','民生天都星城','浙江商城') order by name`,
    );
    expect(Object.fromEntries(named.map((n) => [n.name, n.stage]))).toEqual({
      华骏铸造二期: "operating",
      上海华宇电力: "operating",
      清华阳光: "operating",
      顶升油脂二期: "operating",
      天基权低碳产业园: "construction",
      十三香工业园: "construction",
      管桩附件生产: "construction",
      华润雪花啤酒: "permits",
      香港凯悦标准厂房: "negotiation",
      民生天都星城: "construction",
      浙江商城: "construction",
    });
    const keyEstate = await rowsOf<{ name: string }>(
      db,
      sql`select name from projects where is_key and category = 'real_estate' and name in ('民生天都星城','浙江商城')`,
    );
    expect(keyEstate).toHaveLength(2);
  });

  it("has more than 370 solved problems", async () => {
    const f = await one<{ solved: number; solved_with_resolution: number }>(
      db,
      sql`select (count(*) filter (where status in ('resolved','verified')))::int as solved,
                 (count(*) filter (where status in ('resolved','verified') and resolution is not null and resolved_at >= raised_at))::int
                   as solved_with_resolution from problems`,
    );
    expect(f.solved).toBeGreaterThanOrEqual(370);
    expect(f.solved_with_resolution).toBe(f.solved);
  });

  it("keeps milestones, permits and reports consistent with each project's stage", async () => {
    const f = await one<Record<string, number>>(
      db,
      sql`select
        (select count(*) from milestones m join projects p on p.id = m.project_id where p.stage = 'operating' and m.status <> 'done')::int
          as operating_open_milestones,
        (select count(*) from permits pe join projects p on p.id = pe.project_id where p.stage = 'operating' and pe.status <> 'approved')::int
          as operating_unapproved_permits,
        (select count(*) from progress_reports r join projects p on p.id = r.project_id
           where p.stage in ('negotiation','permits','land'))::int as early_stage_reports,
        (select count(*) from milestones m join projects p on p.id = m.project_id
           where m.status = 'done' and m.actual_date > ${TEST_TODAY}::date)::int as future_actuals,
        (select count(*) from milestones m join projects p on p.id = m.project_id
           where array_position(array['negotiation','permits','land','construction','hiring','operating'], m.stage)
               > array_position(array['negotiation','permits','land','construction','hiring','operating'], p.stage)
             and m.status = 'done')::int as future_stage_done,
        (select count(*) from permits where status = 'approved' and decided_date > ${TEST_TODAY}::date)::int as future_decisions,
        (select count(*) from projects where stage in ('construction','hiring','operating') and actual_start_date is null)::int
          as started_without_date`,
    );
    expect(f).toEqual({
      operating_open_milestones: 0,
      operating_unapproved_permits: 0,
      early_stage_reports: 0,
      future_actuals: 0,
      future_stage_done: 0,
      future_decisions: 0,
      started_without_date: 0,
    });
  });

  it("has a realistic mix of late, at-risk and on-time projects, computed the same in SQL and in the domain", async () => {
    const colours = await rowsOf<{ id: number; rag: "red" | "amber" | "green" }>(
      db,
      sql`select id, ${ragColourOfFacts(TEST_TODAY)} as rag from projects left join project_facts on project_facts.project_id = projects.id order by id`,
    );
    const count = (c: string) => colours.filter((r) => r.rag === c).length;
    expect(count("red")).toBeGreaterThanOrEqual(40);
    expect(count("amber")).toBeGreaterThanOrEqual(30);
    expect(count("green")).toBeGreaterThanOrEqual(150);
    for (const { id, rag } of colours) {
      const detail = await getProject(db, id, TEST_TODAY, { withInvestorContacts: true });
      expect({ id, rag: detail!.rag.colour }).toEqual({ id, rag });
    }
  });

  it("has one demo user per role", async () => {
    const users = await rowsOf<{ username: string; role: string }>(db, sql`select username, role from users order by id`);
    expect(users).toEqual([
      { username: "admin", role: "admin" },
      { username: "leadership", role: "leadership" },
      { username: "leader", role: "leader" },
      { username: "owner", role: "owner" },
      { username: "staff", role: "unit_staff" },
      { username: "investor", role: "investor" },
      { username: "auditor", role: "auditor" },
    ]);
    const demo = await one<{ leader_projects: number; owner_projects: number; investor_projects: number; staff_unit: string }>(
      db,
      sql`select
        (select count(*) from five_fixed_assignments f join users u on u.person_id = f.leader_id where u.username = 'leader' and f.valid_to is null)::int as leader_projects,
        (select count(*) from five_fixed_assignments f join users u on u.person_id = f.owner_id where u.username = 'owner' and f.valid_to is null)::int as owner_projects,
        (select count(*) from projects p join users u on u.investor_id = p.investor_id where u.username = 'investor')::int as investor_projects,
        (select un.name from users u join people pe on pe.id = u.person_id join units un on un.id = pe.unit_id where u.username = 'staff') as staff_unit`,
    );
    expect(demo.leader_projects).toBeGreaterThanOrEqual(4);
    expect(demo.owner_projects).toBeGreaterThanOrEqual(4);
    expect(demo.investor_projects).toBe(3);
    expect(demo.staff_unit).toBe("驿城区住房和城乡建设局");
  });

  it("refuses to seed a database that already holds a district", async () => {
    await expect(seedDemoDistrict(db, { today: TEST_TODAY, passwordHash: "x" })).rejects.toThrow(/already holds a district/);
  });
});

describe("the demo seed is deterministic", () => {
  it("builds identical rows from the same seed and today, and different ones from another today", () => {
    const a = buildDemoDistrict({ today: TEST_TODAY });
    const b = buildDemoDistrict({ today: TEST_TODAY });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = buildDemoDistrict({ today: "2027-03-01" });
    expect(c.projects[0]!.signedDate).not.toBe(a.projects[0]!.signedDate);
    expect(c.projects.reduce((s, p) => s + p.totalInvestmentWan, 0)).toBe(DEMO_FIGURES.totalInvestmentWan);
  });

  it.each(testBackends())("lists on %s every table the seed fills (their sequences move, --reset empties them)", async (kind) => {
    const fresh = await openTestDatabase(kind, { seeded: false });
    try {
      await fresh.migrate();
      await seedDemoDistrict(fresh.db, { today: TEST_TODAY });
      const tables = await rowsOf<{ name: string }>(
        fresh.db,
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      );
      const filled: string[] = [];
      for (const { name } of tables) {
        const { n } = await one<{ n: number }>(fresh.db, sql.raw(`select count(*)::int as n from "${name}"`));
        if (n > 0) filled.push(name);
      }
      // The audit log is not district data: --reset empties it by name, and the seed's event starts it again.
      expect(filled).toEqual([...DISTRICT_TABLE_NAMES, ...DERIVED_TABLE_NAMES, "audit_chain_head", "audit_events"].sort());
    } finally {
      await fresh.dispose();
    }
  });

  it.each(testBackends())("writes identical tables on %s when seeded again", async (kind) => {
    const snapshot = await openTestDatabase(kind);
    const fresh = await openTestDatabase(kind, { seeded: false });
    try {
      await fresh.migrate();
      await seedDemoDistrict(fresh.db, { today: TEST_TODAY });
      const tables = DISTRICT_TABLE_NAMES;
      for (const table of tables) {
        const digest = (db: Database) =>
          one<{ md5: string; n: number }>(
            db,
            sql.raw(`select md5(coalesce(string_agg((to_jsonb(t) - 'password_hash')::text, '|' order by t.id), '')) as md5,
                     count(*)::int as n from ${table} t`),
          );
        const [x, y] = await Promise.all([digest(snapshot.db), digest(fresh.db)]);
        expect({ table, ...y }).toEqual({ table, ...x });
        expect(x.n).toBeGreaterThan(0);
      }
    } finally {
      await Promise.all([snapshot.dispose(), fresh.dispose()]);
    }
  });
});

describe("stages", () => {
  it("covers every stage in the demo district", () => {
    const d = buildDemoDistrict({ today: TEST_TODAY });
    expect(new Set(d.projects.map((p) => p.stage))).toEqual(new Set(STAGES));
    expect(computeRag({ fiveFixed: null, milestones: [], permits: [], problems: [] }, TEST_TODAY).colour).toBe("green");
  });
});
