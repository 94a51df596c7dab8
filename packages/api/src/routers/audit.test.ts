import { type Database, rowsOf } from "@tracker/db";
import { addDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";

/** Projects the demo `leader` holds. */
async function leaderProjects(db: Database) {
  return rowsOf<{ id: number }>(
    db,
    sql`select f.project_id as id from five_fixed_assignments f join users u on u.person_id = f.leader_id
        where u.username = 'leader' and f.valid_to is null order by f.project_id`,
  );
}

describe.each(testBackends())("the audit log's chain and export on %s", (kind) => {
  let db: Database;
  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("keeps the chain whole under 50 concurrent writes through the API", async () => {
    const leader = await signedIn(db, "leader");
    const [project] = await leaderProjects(db);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        leader.problems.raise({
          projectId: project!.id,
          category: "utilities",
          description: `并发写入第 ${i + 1} 条：施工用电增容未落实`,
          deadline: addDays(TEST_TODAY, 10),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const raised = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where entity = 'problem' and action = 'raise'`,
    );
    expect(raised[0]!.n).toBeGreaterThanOrEqual(50);
    const report = await (await signedIn(db, "auditor")).audit.verify();
    expect(report).toMatchObject({ intact: true, brokenAt: null });
    const total = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from audit_events`);
    expect(report.events).toBe(total[0]!.n);
  });

  it("shows the auditor where the chain breaks after an event was changed behind the triggers' back", async () => {
    const auditor = await signedIn(db, "auditor");
    const before = await auditor.audit.verify();
    expect(before.intact).toBe(true);
    expect(before.first).toMatchObject({ id: 1 });
    const [victim] = await rowsOf<{ id: number; at: Date | string }>(
      db,
      sql`select id::float8 as id, at from audit_events where entity = 'problem' order by id limit 1 offset 10`,
    );
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_or_delete`);
      await tx.execute(
        sql`update audit_events set after = jsonb_set(after, '{description}', '"已解决"') where id = ${victim!.id}`,
      );
      await tx.execute(sql`alter table audit_events enable always trigger audit_events_no_update_or_delete`);
    });
    const after = await auditor.audit.verify();
    expect(after).toMatchObject({ intact: false, brokenAt: { id: victim!.id, reason: "altered" } });
    expect(after.brokenAt!.at).toBe(new Date(victim!.at).toISOString());
  });

  it("exports a period, whole China Standard Time days, as .xlsx and as CSV, and audits the export", async () => {
    // Three events on 2 March 2026 in Beijing (00:30, 10:00, 23:59), one just before and one just after.
    await db.execute(sql`insert into audit_events (at, entity, entity_id, action, after, client_ip) values
      ('2026-03-01T15:59:59.999Z', 'project', '1', 'too_early', null, null),
      ('2026-03-01T16:30:00Z', 'project', '1', 'first', '{"name": "华骏铸造二期, 二期"}', '10.0.0.1'),
      ('2026-03-02T02:00:00Z', 'district', null, 'second', '{"quote": "say \\"hi\\""}', null),
      ('2026-03-02T15:59:00Z', 'user', '2', 'third', null, null),
      ('2026-03-02T16:00:00Z', 'project', '1', 'too_late', null, null)`);
    const auditor = await signedIn(db, "auditor");

    const xlsx = await auditor.audit.export({ from: "2026-03-02", to: "2026-03-02", format: "xlsx" });
    expect(xlsx).toMatchObject({ filename: "审计日志-2026-03-02-2026-03-02.xlsx", rows: 3 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.base64, "base64") as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      "序号",
      "时间（北京时间）",
      "用户名",
      "姓名",
      "角色",
      "对象",
      "对象编号",
      "项目编号",
      "操作",
      "变更前",
      "变更后",
      "客户端 IP",
      "关联编号",
      "前一事件哈希",
      "哈希（SHA-256）",
    ]);
    expect(sheet.rowCount).toBe(4);
    expect([2, 3, 4].map((r) => values(r)[8])).toEqual(["first", "second", "third"]);
    expect(values(2)[1]).toBe("2026-03-02 00:30:00.000000");
    const hashes = await rowsOf<{ action: string; hash: string }>(
      db,
      sql`select action, hash from audit_events where action in ('first', 'second', 'third') order by id`,
    );
    expect([2, 3, 4].map((r) => values(r)[14])).toEqual(hashes.map((h) => h.hash));

    const csv = await auditor.audit.export({ from: "2026-03-01", to: "2026-03-02", format: "csv" });
    const text = Buffer.from(csv.base64, "base64").toString("utf8");
    expect(text.startsWith("\uFEFF序号,时间（北京时间）,")).toBe(true);
    expect(csv.rows).toBe(4);
    expect(text).toContain(',"{""name"": ""华骏铸造二期, 二期""}",10.0.0.1,');
    expect(text).not.toContain("too_late");

    const english = await signedIn(db, "auditor", { locale: "en" });
    const en = await english.audit.export({ from: "2026-03-02", to: "2026-03-02", format: "csv" });
    expect(en.filename).toBe("Audit log-2026-03-02-2026-03-02.csv");
    expect(Buffer.from(en.base64, "base64").toString("utf8")).toMatch(/^\uFEFFNo\.,When \(Beijing time\),/);

    const exports = await rowsOf<{ after: { from: string; format: string; rows: number } }>(
      db,
      sql`select after from audit_events where entity = 'auditLog' and action = 'export' order by id`,
    );
    expect(exports.map((e) => e.after)).toEqual([
      { from: "2026-03-02", to: "2026-03-02", format: "xlsx", rows: 3 },
      { from: "2026-03-01", to: "2026-03-02", format: "csv", rows: 4 },
      { from: "2026-03-02", to: "2026-03-02", format: "csv", rows: 3 },
    ]);
  });

  it("refuses a period that ends before it starts", async () => {
    const auditor = await signedIn(db, "auditor");
    await expect(auditor.audit.export({ from: "2026-03-02", to: "2026-03-01", format: "csv" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe.each(testBackends())("the audit log's list on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
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
});
