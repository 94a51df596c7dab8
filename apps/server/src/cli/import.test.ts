import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@tracker/db";
import { LEDGER_COLUMNS } from "@tracker/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The import CLI end to end, as an operator runs it on a PGlite data dir: exit codes, the lines it
 * prints, and what the database holds afterwards — including after the process is killed mid-import.
 */

const cli = fileURLToPath(new URL("./import.ts", import.meta.url));
const seedCli = fileURLToPath(new URL("./seed.ts", import.meta.url));

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LANG: "en_US.UTF-8", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function ledgerFile(path: string, rows: (string | number)[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("台账");
  sheet.addRow([...LEDGER_COLUMNS]);
  for (const r of rows) sheet.addRow(r);
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** A ledger row: LEDGER_COLUMNS order; no code, no five-fixed. */
function row(name: string, township: string, total: number | string, stage = "洽谈立项"): (string | number)[] {
  return ["", name, `${name}投资有限公司`, "装备制造", "工业", township, total, stage, "", "", "", "", "", "否"];
}

async function fingerprint(dir: string) {
  const database = await openDatabase({ pgliteDir: dir });
  try {
    const result = await database.db.execute(
      sql`select (select count(*) from projects)::int as projects,
                 (select md5(string_agg(p::text, ',' order by id)) from projects p) as rows,
                 (select count(*) from investors)::int as investors,
                 (select count(*) from audit_events)::int as audit`,
    );
    return ((result as unknown as { rows: unknown[] }).rows ?? result)[0] as {
      projects: number;
      rows: string;
      investors: number;
      audit: number;
    };
  } finally {
    await database.close();
  }
}

describe("npm run import", () => {
  let work: string;
  let dir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tracker-import-"));
    dir = join(work, "pglite");
    env = { PGLITE_DIR: dir, DATABASE_URL: "" };
    const seed = run(seedCli, [], env);
    expect(await seed.exited, seed.err()).toBe(0);
  }, 240_000);

  afterAll(() => {
    for (const c of children) c.kill("SIGKILL");
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("writes the template", async () => {
    const out = join(work, "template.xlsx");
    const r = run(cli, ["--template", out], env);
    expect(await r.exited, r.err()).toBe(0);
    expect(r.out()).toContain(`wrote the import template to ${out}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["项目台账", "有效值"]);
  }, 120_000);

  it("refuses a file over the upload limit before reading it, in one line", async () => {
    const file = join(work, "huge.csv");
    // Sparse: 26 MB on paper, nothing on disk; reading it whole is what the limit prevents.
    truncateSync((writeFileSync(file, ""), file), 26 * 1024 * 1024);
    const r = run(cli, [file], env);
    expect(await r.exited).toBe(1);
    expect(r.err().trim()).toBe(`tracker: ${file} is over 25 MB and was not imported: split it into smaller files`);
  }, 120_000);

  it("refuses a bad file with one line per problem and exit 1, the database unchanged", async () => {
    const before = await fingerprint(dir);
    const file = join(work, "bad.xlsx");
    await ledgerFile(file, [row("甲项目", "水屯镇", 100), row("乙项目", "火星镇", 100), row("丙项目", "水屯镇", "很多")]);
    const r = run(cli, [file], env);
    expect(await r.exited).toBe(1);
    expect(r.err().trim().split("\n")).toEqual([
      "row 3, column 所属乡镇: no township or subdistrict named “火星镇”",
      "row 4, column 总投资(万元): “很多” is not a number",
      "not imported: 2 problem(s); the database is unchanged",
    ]);
    expect(await fingerprint(dir)).toEqual(before);
  }, 120_000);

  it("imports a good file, prints the counts, and a dry run writes nothing", async () => {
    const file = join(work, "good.xlsx");
    await ledgerFile(file, [row("甲项目", "水屯镇", 100), row("乙项目", "水屯镇", 200, "证照办理")]);
    const before = await fingerprint(dir);
    const dry = run(cli, [file, "--dry-run"], env);
    expect(await dry.exited, dry.err()).toBe(0);
    expect(dry.out()).toMatch(/^dry run, nothing written: 2 rows: 2 projects created, 0 updated, 0 unchanged;/);
    expect(await fingerprint(dir)).toEqual(before);

    const real = run(cli, [file], env);
    expect(await real.exited, real.err()).toBe(0);
    expect(real.out()).toMatch(
      /imported 2 rows: 2 projects created, 0 updated, 0 unchanged; 0 five-fixed assignments changed; 2 investors added/,
    );
    expect((await fingerprint(dir)).projects).toBe(before.projects + 2);
  }, 120_000);

  it("killed with SIGKILL in the middle of a 10,000-row import: after restart nothing of it is there, nothing before it is lost", async () => {
    const file = join(work, "big.xlsx");
    const townships = ["水屯镇", "沙河店镇", "板桥镇", "诸市镇", "蚁蜂镇"];
    await ledgerFile(
      file,
      Array.from({ length: 10_000 }, (_, i) => row(`批量项目${String(i + 1).padStart(5, "0")}`, townships[i % 5]!, 1000 + i)),
    );
    const before = await fingerprint(dir);

    const victim = run(cli, [file], env);
    children.push(victim.child);
    // Kill it while it writes: it says so when every row is checked and the transaction begins.
    const started = Date.now();
    while (!victim.out().includes("writing") && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 20));
    expect(victim.out()).toContain("checked; writing…");
    await new Promise((r) => setTimeout(r, 300));
    expect(victim.child.exitCode).toBeNull();
    victim.child.kill("SIGKILL");
    await victim.exited;

    // Reopened (the stale lock of the dead process is taken over): exactly what was there before.
    expect(await fingerprint(dir)).toEqual(before);

    // And the same file imports completely afterwards.
    const t = performance.now();
    const again = run(cli, [file], env);
    expect(await again.exited, again.err()).toBe(0);
    const seconds = (performance.now() - t) / 1000;
    expect(again.out()).toMatch(/^checked; writing…\nimported 10000 rows: 10000 projects created/);
    const after = await fingerprint(dir);
    expect(after.projects).toBe(before.projects + 10_000);
    process.stdout.write(`10,000-row import on PGlite: ${seconds.toFixed(1)} s end to end (process start, read, check, write)\n`);
  }, 600_000);
});
