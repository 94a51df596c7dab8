import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, rowsOf, verifyPassword } from "@tracker/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * `npm run users` and `npm run audit:verify` as an operator runs them on a PGlite data dir: what they
 * print, their exit codes, and what the database holds afterwards.
 */

const script = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

function run(name: string, args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, ["--import", "tsx", script(name), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LANG: "en_US.UTF-8", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdin.end(stdin ?? "");
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("npm run users and npm run audit:verify", () => {
  let work: string;
  let env: Record<string, string>;
  const withDatabase = async <T>(f: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>) => {
    const database = await openDatabase({ pgliteDir: env.PGLITE_DIR });
    try {
      return await f(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tracker-users-"));
    env = { PGLITE_DIR: join(work, "pglite"), DATABASE_URL: "" };
    const seeded = await run("seed", ["--today", "2026-11-28"], env);
    expect(seeded.code).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("creates an auditor account, audited as the system with the OS user, and lists it", async () => {
    const created = await run("users", ["create-auditor", "auditor2", "--password-stdin"], env, "Audit#2026check\n");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created auditor account auditor2 \(id \d+\)\naudited as system/);
    const listed = await run("users", ["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^\s+\d+ {2}auditor2\s+auditor$/m);

    const generated = await run("users", ["reset-password", "auditor2"], env);
    expect(generated.code).toBe(0);
    const password = /password \(shown once; hand it over in person\): (\S+)/.exec(generated.stdout)?.[1];
    expect(password).toHaveLength(20);

    const disabled = await run("users", ["disable", "auditor"], env);
    expect(disabled).toMatchObject({ code: 0, stdout: expect.stringMatching(/^disabled auditor \(auditor\)/) });

    await withDatabase(async (db) => {
      const [account] = await rowsOf<{ hash: string }>(
        db,
        sql`select password_hash as hash from users where username = 'auditor2'`,
      );
      expect(await verifyPassword(account!.hash, password!)).toBe(true);
      const events = await rowsOf<{ role: string; user_id: number | null; action: string; os_user: string; by: string }>(
        db,
        sql`select role, user_id, action, after->>'osUser' as os_user, after->>'by' as by from audit_events
            where role = 'system' order by id`,
      );
      expect(events).toEqual(
        ["create", "set_password", "disable"].map((action) => ({
          role: "system",
          user_id: null,
          action,
          os_user: userInfo().username,
          by: "npm run users",
        })),
      );
    });
  });

  it("refuses what it cannot do with one line and exit code 1", async () => {
    expect(await run("users", ["create-auditor", "auditor2", "--password-stdin"], env, "Audit#2026check\n")).toMatchObject({
      code: 1,
      stderr: "tracker: the user name auditor2 is taken\n",
    });
    expect(await run("users", ["create-admin", "boss", "--password-stdin"], env, "short\n")).toMatchObject({
      code: 1,
      stderr: "tracker: the password is too short\n",
    });
    expect(await run("users", ["disable", "nobody"], env)).toMatchObject({
      code: 1,
      stderr: "tracker: there is no account named nobody\n",
    });
    expect((await run("users", ["promote", "admin"], env)).code).toBe(1);
  });

  it("says the chain is whole, and where it breaks after tampering", async () => {
    const whole = await run("audit-verify", [], env);
    expect(whole.stderr).toBe("");
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(
      /^audit log intact: 4 events, from #1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Beijing\) to #4 .*\nhead hash: [0-9a-f]{64}\n$/,
    );

    await withDatabase(async (db) => {
      await db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_or_delete`);
        await tx.execute(sql`update audit_events set after = jsonb_set(after, '{osUser}', '"someone-else"') where id = 3`);
        await tx.execute(sql`alter table audit_events enable always trigger audit_events_no_update_or_delete`);
      });
    });
    const broken = await run("audit-verify", [], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /^audit log BROKEN at event #3 .*: its content does not match its hash: the event was changed\n2 events before it verify \(from #1\)\n$/,
    );
  });
});
