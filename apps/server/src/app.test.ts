import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import { DEFAULT_SESSION_POLICY } from "@tracker/api";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, SESSION_COOKIE } from "./app";

const APP_JS = `console.log(${JSON.stringify("项目".repeat(2000))});`;

describe.each(testBackends())("the HTTP server on %s", (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const webDist = mkdtempSync(join(tmpdir(), "tracker-web-"));
    writeFileSync(join(webDist, "index.html"), "<!doctype html><title>tracker</title><div id=root></div>");
    mkdirSync(join(webDist, "assets"));
    writeFileSync(join(webDist, "assets", "app-abc123.js"), APP_JS);
    writeFileSync(join(webDist, "assets", "app-abc123.js.br"), brotliCompressSync(APP_JS));
    app = await buildApp({
      db: database.db,
      dbKind: database.kind,
      webDist,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      cookieSecure: false,
      logger: false,
      now: () => new Date(`${TEST_TODAY}T02:00:00Z`),
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it("answers /healthz with the database kind", async () => {
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", db: kind });
  });

  it("signs in over HTTP with an httpOnly session cookie and serves the summary to it", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { username: "leadership", password: "Demo@2026" },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });

    const summary = await app.inject({
      method: "GET",
      url: `/trpc/dashboard.summary?input=${encodeURIComponent(JSON.stringify({}))}`,
      cookies: { [SESSION_COOKIE]: cookie!.value },
    });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().result.data).toMatchObject({ projectCount: 364, totalInvestmentWan: 2_638_000 });

    const anonymous = await app.inject({ method: "GET", url: "/trpc/dashboard.summary" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("takes a ledger upload from the administrator alone and streams progress, then the result", async () => {
    const cookieOf = async (username: string) => {
      const login = await app.inject({ method: "POST", url: "/trpc/auth.login", payload: { username, password: "Demo@2026" } });
      return login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    };
    const csv =
      "项目名称,投资方,行业,项目类别,所属乡镇,总投资(万元),当前阶段\n上传测试项目,上传测试公司,装备制造,工业,水屯镇,100,洽谈立项\n";
    const upload = (cookie?: string, filename = "台账.csv") =>
      app.inject({
        method: "POST",
        url: `/api/ledger/import?dryRun=1&filename=${encodeURIComponent(filename)}`,
        headers: { "content-type": "text/csv", "accept-language": "zh-CN" },
        payload: Buffer.from(csv),
        ...(cookie ? { cookies: { [SESSION_COOKIE]: cookie } } : {}),
      });
    expect((await upload()).statusCode).toBe(401);
    const refused = await upload(await cookieOf("leadership"));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: "只有系统管理员可以导入台账" });
    const admin = await cookieOf("admin");
    expect((await upload(admin, "台账.pdf")).statusCode).toBe(400);

    const res = await upload(admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/x-ndjson");
    const lines = res.body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.progress?.phase === "check")).toBe(true);
    expect(lines.at(-1)).toMatchObject({ result: { ok: true, dryRun: true, rows: 1, created: 1 } });
  });

  it("answers bad input with 400 and a per-field message, without stack, SQL or paths", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "accept-language": "en-US,en;q=0.9" },
      payload: { username: "", password: "x" },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.message).toBe("Some fields are not valid; please check them");
    expect(body.error.data.fieldErrors).toHaveProperty("username");
    expect(res.body).not.toMatch(/stack|node_modules|\.ts:|select /i);
  });

  it("serves the dashboard for any page URL and 404 for a missing asset", async () => {
    for (const url of ["/", "/projects/12", "/login?next=%2F"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.body).toContain("<div id=root>");
    }
    expect((await app.inject({ method: "GET", url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: "/trpc/nope" })).statusCode).toBe(404);
  });

  it("sends built scripts pre-compressed to browsers that take brotli, cached for a year; plain to others", async () => {
    const br = await app.inject({ method: "GET", url: "/assets/app-abc123.js", headers: { "accept-encoding": "br, gzip" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(APP_JS);
    const plain = await app.inject({ method: "GET", url: "/assets/app-abc123.js", headers: { "accept-encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(APP_JS);
    // The page itself is never cached, so a new build is picked up at once.
    expect((await app.inject({ method: "GET", url: "/" })).headers["cache-control"]).toBe("no-cache");
  });
});
