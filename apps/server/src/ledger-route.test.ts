import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_SESSION_POLICY } from "@tracker/api";
import { csvLedger, zipBombXlsx } from "@tracker/api/testing/crafted-files";
import { type Database, rowsOf } from "@tracker/db";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, SESSION_COOKIE } from "./app";

type App = Awaited<ReturnType<typeof buildApp>>;

const open = (database: TestDatabase, ledgerReadLimits?: { memoryMb: number; timeoutMs: number }) =>
  buildApp({
    db: database.db,
    dbKind: database.kind,
    webDist: null,
    sessionPolicy: DEFAULT_SESSION_POLICY,
    cookieSecure: false,
    logger: false,
    now: () => new Date(`${TEST_TODAY}T02:00:00Z`),
    ...(ledgerReadLimits ? { ledgerReadLimits } : {}),
  });

async function cookieOf(app: App, username: string): Promise<string> {
  const login = await app.inject({ method: "POST", url: "/trpc/auth.login", payload: { username, password: "Demo@2026" } });
  return login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
}

/** What an import could have touched. */
async function snapshot(db: Database) {
  return rowsOf(
    db,
    sql`select (select count(*) from projects)::int as projects, (select count(*) from investors)::int as investors,
               (select count(*) from audit_events)::int as audit`,
  );
}

const upload = (app: App, body: Buffer, cookie: string, filename: string, locale = "zh-CN") =>
  app.inject({
    method: "POST",
    url: `/api/ledger/import?filename=${encodeURIComponent(filename)}`,
    headers: { "content-type": "application/octet-stream", "accept-language": locale },
    payload: body,
    cookies: { [SESSION_COOKIE]: cookie },
  });

describe.each(testBackends())("the ledger upload route on %s", (kind) => {
  let database: TestDatabase;
  let app: App;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = await open(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it("refuses an anonymous or non-admin upload while it is still being sent, never reading its body", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const declared = 20 * 1024 * 1024;
    const leadership = await cookieOf(app, "leadership");
    for (const [cookie, status, error] of [
      [null, 401, "请先登录"],
      [leadership, 403, "只有系统管理员可以导入台账"],
    ] as const) {
      let sent = 0;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/ledger/import?filename=a.xlsx",
          headers: {
            "content-type": "application/octet-stream",
            "content-length": declared,
            "accept-language": "zh-CN",
            ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
          },
        });
        req.on("error", reject);
        req.on("response", (res) => {
          let body = "";
          res.on("data", (d) => {
            body += d;
          });
          res.on("end", () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body });
          });
        });
        // 256 KiB of the 20 MB promised, then nothing: a server that buffers the body first never answers.
        const chunk = Buffer.alloc(256 * 1024, 0x41);
        req.write(chunk);
        sent += chunk.length;
        setTimeout(() => reject(new Error("no answer while the body was still being sent")), 15_000).unref();
      });
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body)).toEqual({ error });
      expect(sent).toBeLessThan(declared);
    }
  });

  it("refuses a zip bomb with 413 and what to do, changes nothing, and keeps answering", async () => {
    const admin = await cookieOf(app, "admin");
    const before = await snapshot(database.db);
    const res = await upload(app, await zipBombXlsx(200 * 1024 * 1024), admin, "台账.xlsx");
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: "文件解压后过大（超过 150 MB），台账不需要这么大：请删除多余的工作表、空行和空列，另存为 .xlsx 后重新上传",
    });
    expect(await snapshot(database.db)).toEqual(before);
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("answers a file over the upload limit with 413 in the user's words", async () => {
    const admin = await cookieOf(app, "admin");
    const res = await upload(app, Buffer.alloc(26 * 1024 * 1024, 0x41), admin, "ledger.csv", "en");
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: "The file is too large (over 25 MB) and was not imported: split it into smaller files and import each",
    });
  });

  it("survives a file that exhausts the reader's memory: the worker dies, the server answers /healthz", async () => {
    const tight = await open(database, { memoryMb: 32, timeoutMs: 120_000 });
    try {
      const admin = await cookieOf(tight, "admin");
      const before = await snapshot(database.db);
      const res = await upload(tight, csvLedger(50_000), admin, "台账.csv");
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toBe(
        "读取文件所需的内存超出上限，已停止，数据库未作任何改动：请删除台账以外的内容，或分成几个较小的文件分别导入",
      );
      expect(await snapshot(database.db)).toEqual(before);
      const health = await tight.inject({ method: "GET", url: "/healthz" });
      expect([health.statusCode, health.json().status]).toEqual([200, "ok"]);
    } finally {
      await tight.close();
    }
  });
});
