import { type Database, rowsOf } from "@tracker/db";
import { LEDGER_COLUMNS } from "@tracker/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";
import { ledgerTemplate } from "./ledger-file";
import { importLedger, loadLedgerRefs } from "./ledger-import";

type Row = Partial<Record<(typeof LEDGER_COLUMNS)[number], string | number | Date>>;

/** An .xlsx ledger with the given rows under the ledger's headings. */
async function xlsx(data: Row[], headings: readonly string[] = LEDGER_COLUMNS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("台账");
  sheet.addRow([...headings]);
  for (const r of data) sheet.addRow(headings.map((h) => r[h as keyof Row] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A fingerprint of everything an import may touch. */
async function snapshot(db: Database) {
  const [s] = await rowsOf<Record<string, string>>(
    db,
    sql`select (select count(*) from projects)::text as projects,
               (select md5(string_agg(p::text, ',' order by id)) from projects p) as project_rows,
               (select count(*) from investors)::text as investors,
               (select md5(string_agg(f::text, ',' order by id)) from five_fixed_assignments f) as five_fixed,
               (select count(*) from audit_events)::text as audit`,
  );
  return s!;
}

const NOW = new Date(`${TEST_TODAY}T02:00:00Z`);
const ACTOR = { userId: null, role: "admin", clientIp: "127.0.0.1", correlationId: "test" };
const run = (db: Database, file: Buffer, dryRun = false, filename = "台账.xlsx", locale: "zh-CN" | "en" = "zh-CN") =>
  importLedger(db, file, { dryRun, locale, today: TEST_TODAY, now: NOW, actor: ACTOR, filename });

describe.each(testBackends())("the ledger import on %s", (kind) => {
  let db: Database;
  let refs: Awaited<ReturnType<typeof loadLedgerRefs>>;
  let existing: { code: string; name: string; investor: string; total: number; completed: number; stage: string };
  useTestDatabase(kind, async (opened) => {
    db = opened.db;
    refs = await loadLedgerRefs(db);
    [existing] = (await rowsOf<typeof existing>(
      db,
      sql`select p.code, p.name, i.name as investor, p.total_investment_wan::int as total,
                 p.completed_investment_wan::int as completed, p.stage
          from projects p join investors i on i.id = p.investor_id
          where p.stage = 'construction' and p.completed_investment_wan > 0 order by p.id limit 1`,
    )) as [typeof existing];
  });

  const leader = () => refs.values.leaders[0]!;
  const owner = () => refs.values.people[5]!;
  const newProject: Row = {
    项目名称: "驿城新能源电池材料产业园",
    投资方: "河南新锂能源科技有限公司",
    行业: "新能源",
    项目类别: "工业",
    所属乡镇: "水屯镇",
    "总投资(万元)": 86000,
    当前阶段: "洽谈立项",
    目标任务: "年内完成签约",
    时间节点: new Date("2027-03-31T00:00:00Z"),
    是否重点: "是",
  };

  it("writes a template whose ledger sheet offers the 有效值 sheet's lists as drop-downs", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await ledgerTemplate(refs.values)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["项目台账", "有效值"]);
    const [ledger, valid] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect((ledger.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_COLUMNS]);
    expect(ledger.getRow(2).getCell(2).value).toContain("示例");
    expect((valid.getRow(1).values as unknown[]).slice(1)).toEqual([
      "所属乡镇",
      "当前阶段",
      "项目类别",
      "行业",
      "分包领导",
      "责任单位",
      "项目责任人",
      "是否重点",
    ]);
    const column = (i: number) => (valid.getColumn(i).values as unknown[]).slice(2).filter((v) => v !== undefined && v !== null);
    const [townships] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from townships`);
    expect(column(1)).toHaveLength(townships!.n);
    expect(column(2)).toEqual(["洽谈立项", "证照办理", "征地拆迁", "开工建设", "竣工招工", "建成投产"]);
    expect(column(8)).toEqual(["是", "否"]);
    // The stage column (H) of every ledger row takes its values from 有效值 column B.
    const stageCell = ledger.getCell("H500");
    expect(stageCell.dataValidation).toMatchObject({ type: "list", formulae: ["'有效值'!$B$2:$B$7"] });
    expect(ledger.getCell("F2").dataValidation?.formulae[0]).toMatch(/^'有效值'!\$A\$2:\$A\$\d+$/);
  });

  it("checks a whole file before writing: a bad file changes nothing and says row, column and problem", async () => {
    const before = await snapshot(db);
    const result = await run(
      db,
      await xlsx([
        newProject,
        { ...newProject, 项目名称: "第二个项目", 所属乡镇: "火星镇", "总投资(万元)": -1 },
        { ...newProject, 项目名称: "第三个项目", 分包领导: "不存在的人", 责任单位: "区住建局", 项目责任人: owner() },
      ]),
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual([
      "第 3 行，「所属乡镇」列：没有名为「火星镇」的乡镇/街道",
      "第 3 行，「总投资(万元)」列：不能为负数",
      "第 4 行，「分包领导」列：「不存在的人」不在分包领导名单中",
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("imports new and changed projects in one go, and a second import of the same file changes nothing", async () => {
    const before = await snapshot(db);
    const file = await xlsx([
      { ...newProject, 分包领导: leader(), 责任单位: "区住建局", 项目责任人: owner() },
      {
        项目代码: existing.code,
        项目名称: existing.name,
        投资方: existing.investor,
        行业: "装备制造",
        项目类别: "工业",
        所属乡镇: "水屯镇",
        "总投资(万元)": existing.total + 1000,
        当前阶段: "竣工招工",
        是否重点: "否",
      },
    ]);
    const dry = await run(db, file, true);
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 2, created: 1, updated: 1, investorsCreated: 1, problems: [] });
    expect(await snapshot(db)).toEqual(before);

    const first = await run(db, file);
    expect(first).toMatchObject({
      ok: true,
      rows: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      fiveFixedChanged: 1,
      investorsCreated: 1,
    });
    const [created] = await rowsOf<{
      code: string;
      stage: string;
      is_key: boolean;
      leader: string;
      owner: string;
      deadline: string;
    }>(
      db,
      sql`select p.code, p.stage, p.is_key, l.name as leader, o.name as owner, f.deadline::text as deadline
          from projects p join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join people l on l.id = f.leader_id join people o on o.id = f.owner_id
          where p.name = ${newProject.项目名称}`,
    );
    expect(created).toEqual({
      code: `YC-${TEST_TODAY.slice(0, 4)}-000001`,
      stage: "negotiation",
      is_key: true,
      leader: leader(),
      owner: owner(),
      deadline: "2027-03-31",
    });
    const [changed] = await rowsOf<{ total: number; stage: string; completed: number }>(
      db,
      sql`select total_investment_wan::int as total, stage, completed_investment_wan::int as completed from projects where code = ${existing.code}`,
    );
    expect(changed).toEqual({ total: existing.total + 1000, stage: "hiring", completed: existing.completed });
    const [events] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where correlation_id = 'test' and action in ('import_create', 'import_update', 'assign', 'import')`,
    );
    expect(events!.n).toBe(4);

    const again = await run(db, file);
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 2, fiveFixedChanged: 0, investorsCreated: 0 });
    const [count] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from projects where name = ${newProject.项目名称}`,
    );
    expect(count!.n).toBe(1);
  });

  it("matches a row without a code on name and investor, and keeps a reassigned five-fixed as history", async () => {
    const people = refs.values.people;
    const file = await xlsx([
      { ...newProject, 分包领导: leader(), 责任单位: "区发改委", 项目责任人: people[6]!, 目标任务: "三月底前开工" },
    ]);
    const result = await run(db, file);
    expect(result).toMatchObject({ ok: true, created: 0, updated: 0, fiveFixedChanged: 1 });
    const history = await rowsOf<{ owner: string; current: boolean; reason: string | null }>(
      db,
      sql`select o.name as owner, f.valid_to is null as current, f.reason from five_fixed_assignments f
          join projects p on p.id = f.project_id join people o on o.id = f.owner_id
          where p.name = ${newProject.项目名称} order by f.id`,
    );
    expect(history).toEqual([
      { owner: owner(), current: false, reason: "台账导入" },
      { owner: people[6]!, current: true, reason: "台账导入" },
    ]);
  });

  it("refuses to lower total investment below what is invested, and a code that contradicts name and investor", async () => {
    const before = await snapshot(db);
    const result = await run(
      db,
      await xlsx([
        {
          项目代码: existing.code,
          项目名称: existing.name,
          投资方: existing.investor,
          行业: "装备制造",
          项目类别: "工业",
          所属乡镇: "水屯镇",
          "总投资(万元)": 1,
          当前阶段: "竣工招工",
        },
        { ...newProject, 项目代码: "2026-411702-99-99-999999" },
      ]),
      false,
      "ledger.xlsx",
      "en",
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual([
      `row 2, column 总投资(万元): total investment cannot be below the ${existing.completed} 万元 already invested`,
      `row 3, column 项目代码: a project with this name and investor exists with code YC-${TEST_TODAY.slice(0, 4)}-000001, not this row's`,
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("refuses two rows that name one existing project, once by code and once by name and investor", async () => {
    const before = await snapshot(db);
    const same = { 项目名称: existing.name, 投资方: existing.investor, 行业: "装备制造", 项目类别: "工业", 所属乡镇: "水屯镇" };
    const rows: Row[] = [
      { ...same, 项目代码: existing.code, "总投资(万元)": existing.total, 当前阶段: "开工建设" },
      { ...same, "总投资(万元)": existing.total, 当前阶段: "开工建设" },
    ];
    const result = await run(db, await xlsx(rows));
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual(["第 3 行，「项目名称」列：与第 2 行是同一项目"]);
    const english = await run(db, await xlsx(rows), false, "ledger.xlsx", "en");
    expect(english.problems.map((p) => p.message)).toEqual(["row 3, column 项目名称: is the same project as row 2"]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("moves a project to an investor company it does not know yet, creating the company first", async () => {
    const result = await run(
      db,
      await xlsx([
        {
          项目代码: existing.code,
          项目名称: existing.name,
          投资方: "驻马店新承接实业有限公司",
          行业: "装备制造",
          项目类别: "工业",
          所属乡镇: "水屯镇",
          "总投资(万元)": existing.total + 1000,
          当前阶段: "竣工招工",
        },
      ]),
    );
    expect(result).toMatchObject({ ok: true, created: 0, updated: 1, investorsCreated: 1 });
    const [moved] = await rowsOf<{ investor: string }>(
      db,
      sql`select i.name as investor from projects p join investors i on i.id = p.investor_id where p.code = ${existing.code}`,
    );
    expect(moved!.investor).toBe("驻马店新承接实业有限公司");
  });

  it("reads CSV saved by Excel in GB18030 as well as UTF-8, and says which required columns are missing", async () => {
    const csv = `项目名称,投资方,行业,项目类别,所属乡镇,总投资(万元),当前阶段\n${newProject.项目名称},${newProject.投资方},新能源,工业,水屯镇,"86,000",洽谈立项\n`;
    // Node has no GB18030 encoder: the bytes come from the decoder's inverse for these characters.
    const encoded = encodeGb18030(csv);
    const result = await run(db, Buffer.from(encoded), true, "台账.csv");
    expect(result).toMatchObject({ ok: true, rows: 1, created: 0, unchanged: 1 });
    const utf8 = await run(db, Buffer.from(`\uFEFF${csv}`), true, "台账.csv");
    expect(utf8).toMatchObject({ ok: true, unchanged: 1 });

    const missing = await run(db, Buffer.from("项目名称,投资方\n甲,乙\n"), true, "台账.csv");
    expect(missing.problems).toEqual([
      { row: 1, column: null, message: "缺少必需的列：行业、项目类别、所属乡镇、总投资(万元)、当前阶段" },
    ]);
    const garbage = await run(db, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), true, "台账.xlsx");
    expect(garbage.problems[0]!.message).toBe("无法读取该文件，请上传 .xlsx 或 .csv 格式的台账");
  });

  it("is for the system administrator: the API refuses everyone else", async () => {
    const file = (await xlsx([newProject])).toString("base64");
    const admin = await signedIn(db, "admin");
    expect(await admin.ledger.import({ filename: "a.xlsx", base64: file, dryRun: true })).toMatchObject({ ok: true });
    const leadership = await signedIn(db, "leadership");
    await expect(leadership.ledger.import({ filename: "a.xlsx", base64: file })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

/** GB18030 bytes of a string, for the characters these tests use (a table built from the decoder). */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  const wanted = new Set(text);
  for (let hi = 0x81; hi <= 0xfe && table.size < wanted.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (wanted.has(ch) && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 bytes for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
