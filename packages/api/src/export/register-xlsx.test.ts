import { type Database, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { signedIn, testBackends, useTestDatabase } from "../testing";

async function readSheet(base64: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, "base64") as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const values: unknown[][] = [];
  sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  return { sheet, values };
}

describe.each(testBackends())("the register's .xlsx export on %s", (kind) => {
  let db: Database;
  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("writes every matching project (not one page) with the chosen columns, real numbers and dates, and a totals row", async () => {
    const leadership = await signedIn(db, "leadership");
    const [expected] = await rowsOf<{ n: number; total: number; completed: number }>(
      db,
      sql`select count(*)::int as n, sum(total_investment_wan)::float8 as total, sum(completed_investment_wan)::float8 as completed
          from projects where stage = 'construction'`,
    );
    const file = await leadership.projects.export({
      stage: "construction",
      sort: { by: "name", dir: "asc" },
      columns: [
        { key: "name", title: "项目名称" },
        { key: "stage", title: "阶段" },
        { key: "total", title: "总投资(万元)" },
        { key: "completed", title: "完成投资(万元)" },
        { key: "signedDate", title: "签约日期" },
        { key: "owner", title: "项目责任人" },
      ],
    });
    expect(file.filename).toBe("项目台账-2026-11-28.xlsx");
    expect(file.rows).toBe(expected!.n);
    const { values, sheet } = await readSheet(file.base64);
    expect(values[0]).toEqual(["项目名称", "阶段", "总投资(万元)", "完成投资(万元)", "签约日期", "项目责任人"]);
    expect(values).toHaveLength(expected!.n + 2);
    const body = values.slice(1, -1);
    expect(body.every((r) => r[1] === "开工建设")).toBe(true);
    expect(body.every((r) => typeof r[2] === "number" && r[4] instanceof Date)).toBe(true);
    const names = body.map((r) => String(r[0]));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(values.at(-1)).toEqual([`合计（${expected!.n} 个项目）`, undefined, expected!.total, expected!.completed]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("gives investors their own company's projects only, with English headings in English", async () => {
    const investor = await signedIn(db, "investor", { locale: "en" });
    const [mine] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from projects p join users u on u.investor_id = p.investor_id where u.username = 'investor'`,
    );
    const file = await investor.projects.export({
      columns: [
        { key: "name", title: "Name" },
        { key: "stage", title: "Stage" },
      ],
    });
    expect(file.rows).toBe(mine!.n);
    expect(file.filename).toMatch(/^Project register-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const { values } = await readSheet(file.base64);
    expect(values[0]).toEqual(["Name", "Stage"]);
    expect(values).toHaveLength(mine!.n + 1);
  });

  it("titles the five-fixed table as such, for the key projects it is kept for", async () => {
    const leadership = await signedIn(db, "leadership");
    const [key] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from projects where is_key`);
    const file = await leadership.projects.export({
      key: true,
      table: "fiveFixed",
      columns: [
        { key: "name", title: "项目名称" },
        { key: "leader", title: "分包领导" },
        { key: "unit", title: "责任单位" },
        { key: "owner", title: "项目责任人" },
        { key: "deadline", title: "时间节点" },
      ],
    });
    expect(file.filename).toBe("五定责任表-2026-11-28.xlsx");
    expect(file.rows).toBe(key!.n);
    const { sheet, values } = await readSheet(file.base64);
    expect(sheet.name).toBe("五定责任表");
    expect(values.slice(1).every((r) => typeof r[1] === "string" && typeof r[3] === "string")).toBe(true);
  });

  it("refuses a column it does not know", async () => {
    const leadership = await signedIn(db, "leadership");
    await expect(leadership.projects.export({ columns: [{ key: "password" as "name", title: "x" }] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
