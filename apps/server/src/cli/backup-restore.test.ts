import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrlFor } from "@tracker/db/testing";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, inject, it, onTestFinished } from "vitest";
import { parseBackupFileName } from "../backup/file";

/*
 * The commands as an operator runs them: separate processes on a PGlite directory on disk (or a
 * PostgreSQL database), checked by exit code and by the lines they print.
 */

const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const serverDir = fileURLToPath(new URL("../..", import.meta.url));
const cli = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env };
}

function collect(child: ChildProcess): Promise<Finished> {
  running.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

/** `node --import tsx src/cli/<name>.ts …`, as the workspace script runs it. */
function runCli(name: "backup" | "restore" | "seed", args: string[], env: Record<string, string>): Promise<Finished> {
  return collect(spawn(process.execPath, ["--import", "tsx", cli(name), ...args], { cwd: serverDir, env: baseEnv(env) }));
}

/** `npm run -s <script> -- …` from the repository root, as the README says. */
function runNpm(script: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return collect(spawn("npm", ["run", "-s", script, "--", ...args], { cwd: repoRoot, env: baseEnv(env) }));
}

function lines(text: string): string[] {
  return text.trimEnd().split("\n");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const BACKUP_LINE = /^backup: (\/.+\/tracker-\d{4}-\d{2}-\d{2}T\d{6}Z\.ndjson\.gz)$/;

describe("npm run backup / restore on PGlite", () => {
  const work = mkdtempSync(join(tmpdir(), "tracker-cli-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const source = join(work, "source");
  const copy = join(work, "copy");
  const backups = join(work, "backups");
  let file = "";

  it("backs up a PGlite directory: one dated file, three lines (path, size, what it holds)", async () => {
    const missing = await runCli("backup", [], { PGLITE_DIR: join(work, "nothing-here"), BACKUP_DIR: backups });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `tracker: there is no PGlite database in ${join(work, "nothing-here")}: nothing to back up (set PGLITE_DIR, or DATABASE_URL for PostgreSQL)\n`,
    );

    const badSetting = await runCli("backup", [], { PGLITE_DIR: source, BACKUP_KEEP: "0" });
    expect(badSetting.code).toBe(1);
    expect(badSetting.stderr).toMatch(/^tracker: invalid configuration: BACKUP_KEEP .+\n$/);

    const seeded = await runCli("seed", [], { PGLITE_DIR: source });
    expect(seeded.code, seeded.stderr).toBe(0);

    const backup = await runNpm("backup", ["--out", backups], { PGLITE_DIR: source });
    expect(backup.code, backup.stderr).toBe(0);
    const [path, size, rows, ...rest] = lines(backup.stdout);
    expect(rest).toEqual([]);
    file = BACKUP_LINE.exec(path ?? "")?.[1] ?? "";
    expect(file, path).not.toBe("");
    expect(file.startsWith(`${backups}/`)).toBe(true);
    expect(size).toMatch(new RegExp(`^size: [\\d.]+ kB \\(${statSync(file).size.toLocaleString("en-US")} bytes\\)$`));
    expect(rows).toMatch(/^rows: 364 projects, [\d,]+ audit events? \([\d,]+ rows in \d+ tables, pglite, [\d.]+ s\)$/);
    expect(readdirSync(backups)).toEqual([basename(file)]);
  });

  it("restores into an empty directory; refuses a non-empty one without --force and a damaged file, with one line", async () => {
    // A relative path is taken from where `npm run` was started (npm passes it as INIT_CWD).
    const restored = await runCli("restore", [basename(file)], { PGLITE_DIR: copy, INIT_CWD: backups });
    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^restored: ${file} \\(taken \\S+ on pglite\\) into pglite$`)),
      expect.stringMatching(/^rows: 364 projects, [\d,]+ audit events? \([\d,]+ rows in \d+ tables, [\d.]+ s\)$/),
    ]);

    const refused = await runNpm("restore", [file], { PGLITE_DIR: source });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(lines(refused.stderr)).toEqual([
      expect.stringMatching(
        /^tracker: the database is not empty \(it holds 364 projects; \d+ tables hold rows\); add --force to replace everything in it; nothing was changed$/,
      ),
    ]);

    const truncated = join(work, "truncated.ndjson.gz");
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const damaged = await runCli("restore", [truncated, "--force"], { PGLITE_DIR: copy });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toBe(`tracker: cannot restore ${truncated}: the file is truncated; nothing was changed\n`);

    const forced = await runCli("restore", [file, "--force"], { PGLITE_DIR: source });
    expect(forced.code, forced.stderr).toBe(0);
    expect(lines(forced.stdout)[0]).toMatch(/into pglite, replacing what it held$/);

    const usage = await runCli("restore", [], { PGLITE_DIR: copy });
    expect([usage.code, usage.stderr]).toEqual([1, "tracker: usage: npm run restore -- <file> [--force]\n"]);
  });

  it("the server backs up on its schedule, keeping the last N, while the commands are refused its directory", async () => {
    const scheduled = join(work, "scheduled");
    const port = await freePort();
    const server = spawn(process.execPath, ["--import", "tsx", join(serverDir, "src/main.ts")], {
      cwd: serverDir,
      env: baseEnv({
        PGLITE_DIR: copy,
        PORT: String(port),
        WEB_DIST: "",
        LOG_LEVEL: "info",
        BACKUP_DIR: scheduled,
        BACKUP_INTERVAL_MINUTES: "0.005",
        BACKUP_KEEP: "2",
      }),
    });
    let output = "";
    server.stdout.on("data", (d) => {
      output += d;
    });
    server.stderr.on("data", (d) => {
      output += d;
    });
    const exited = collect(server);
    const written = () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string; level: number; file?: string; projects?: number })
        .filter((l) => l.msg === "scheduled backup written");
    await until(
      () => written().length >= 3,
      () => output,
    );
    // The restored copy holds the district: the server did not seed it again.
    expect(output).not.toContain("seeded");
    expect(output).toContain(`Backups: every 0.005 min to ${scheduled}, keeping the last 2`);
    expect(written()[0]).toMatchObject({ level: 30, projects: 364 });

    const backup = await runCli("backup", [], { PGLITE_DIR: copy, BACKUP_DIR: join(work, "refused") });
    expect(backup.code).toBe(1);
    expect(backup.stderr).toBe(
      `tracker: the PGlite data directory ${copy} is in use by process ${server.pid} (a running server), and PGlite allows one process per directory: stop the server to back up from here, or let the server take the backups (BACKUP_INTERVAL_MINUTES)\n`,
    );
    expect(existsSync(join(work, "refused"))).toBe(false);
    const restore = await runCli("restore", [file, "--force"], { PGLITE_DIR: copy });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toBe(
      `tracker: the PGlite data directory ${copy} is in use by process ${server.pid} (a running server): stop it before restoring; nothing was changed\n`,
    );

    server.kill("SIGTERM");
    expect((await exited).code).toBe(0);
    const kept = readdirSync(scheduled);
    expect(kept).toHaveLength(2);
    expect(kept.every((name) => parseBackupFileName(name)?.scheduled)).toBe(true);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("npm run backup / restore on PostgreSQL", () => {
  const baseUrl = process.env.TEST_DATABASE_URL ?? "";
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const sourceDb = `tracker_cli_src_${tag}`;
  const targetDb = `tracker_cli_dst_${tag}`;
  const admin = () => postgres(baseUrl, { max: 1, onnotice: () => {} });

  afterAll(async () => {
    const sql = admin();
    for (const name of [sourceDb, targetDb]) await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.end();
  });

  it("backs up a database and restores it into a fresh one, refusing it the second time", async () => {
    const sql = admin();
    await sql.unsafe(`create database ${sourceDb} template ${inject("postgresTemplate")}`);
    await sql.unsafe(`create database ${targetDb}`);
    await sql.end();
    const dir = mkdtempSync(join(tmpdir(), "tracker-cli-pg-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));

    const backup = await runCli("backup", ["--out", dir], { DATABASE_URL: databaseUrlFor(baseUrl, sourceDb) });
    expect(backup.code, backup.stderr).toBe(0);
    const [path, , rows] = lines(backup.stdout);
    const file = BACKUP_LINE.exec(path ?? "")?.[1] ?? "";
    expect(rows).toMatch(/^rows: 364 projects, [\d,]+ audit events? \([\d,]+ rows in \d+ tables, postgres, [\d.]+ s\)$/);

    const target = { DATABASE_URL: databaseUrlFor(baseUrl, targetDb) };
    const restored = await runCli("restore", [file], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)[0]).toMatch(/\(taken \S+ on postgres\) into postgres$/);
    const again = await runCli("restore", [file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^tracker: the database is not empty \(it holds 364 projects; .+; nothing was changed\n$/);
  });
});
