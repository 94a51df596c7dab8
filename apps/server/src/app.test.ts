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
    expect(res.headers["cache-control"]).toBe("no-store");
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
  it("sends the browser headers: a strict Content-Security-Policy, no framing, no sniffing, a referrer policy", async () => {
    for (const url of ["/", "/projects/12", "/assets/app-abc123.js", "/healthz", "/trpc/auth.me"]) {
      const res = await app.inject({ method: "GET", url });
      const csp = String(res.headers["content-security-policy"]);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp, `${url}: ${directive}`).toContain(directive);
      }
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
      // Plain HTTP by default: HSTS would lock browsers out of it for a year.
      expect(res.headers["strict-transport-security"], url).toBeUndefined();
    }
  });

  it("marks every API answer no-store, and leaves the dashboard's files cacheable", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { username: "owner", password: "Demo@2026" },
    });
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const answers = [
      login,
      await app.inject({ method: "GET", url: "/trpc/me.work", cookies: { [SESSION_COOKIE]: cookie } }),
      await app.inject({ method: "GET", url: "/trpc/dashboard.summary" }),
      await app.inject({ method: "GET", url: "/trpc/nope" }),
      await app.inject({ method: "POST", url: "/api/ledger/import", headers: { "content-type": "text/csv" }, payload: "x" }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 401, 404, 401]);
    for (const res of answers) expect(res.headers["cache-control"], res.raw.req.url).toBe("no-store");
    expect((await app.inject({ method: "GET", url: "/assets/app-abc123.js" })).headers["cache-control"]).toContain("max-age");
  });

  it("refuses a tRPC write that is not JSON (a form, text/plain) with 415 before it reaches the procedure", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { username: "staff", password: "Demo@2026" },
    });
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const bodies: [string, string][] = [
      ["text/plain", "{}"],
      ["text/plain;charset=UTF-8", '{"0":{}}'],
      ["application/x-www-form-urlencoded", "a=1"],
      ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
    ];
    for (const [type, payload] of bodies) {
      const res = await app.inject({
        method: "POST",
        url: "/trpc/auth.logout",
        headers: { "content-type": type, "accept-language": "en" },
        cookies: { [SESSION_COOKIE]: cookie },
        payload,
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.message).toBe("Only application/json requests are accepted");
      expect(res.json().error.data.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    const noType = await app.inject({ method: "POST", url: "/trpc/auth.logout", cookies: { [SESSION_COOKIE]: cookie } });
    expect(noType.statusCode).toBe(415);
    expect(noType.json().error.message).toBe("只接受 application/json 格式的请求");
    // None of them signed the user out.
    const me = await app.inject({ method: "GET", url: "/trpc/auth.me", cookies: { [SESSION_COOKIE]: cookie } });
    expect(me.json().result.data).toMatchObject({ username: "staff" });
    // JSON passes, as the dashboard sends it.
    const logout = await app.inject({
      method: "POST",
      url: "/trpc/auth.logout",
      headers: { "content-type": "application/json" },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: "{}",
    });
    expect(logout.statusCode).toBe(200);
  });

  it("refuses a write whose Origin is not the server's own with 403 in the user's language", async () => {
    const login = (origin: string, extra: Record<string, string> = {}) =>
      app.inject({
        method: "POST",
        url: "/trpc/auth.login",
        headers: { host: "tracker.example.cn:8080", origin, ...extra },
        payload: { username: "leader", password: "Demo@2026" },
      });
    expect((await login("http://tracker.example.cn:8080")).statusCode).toBe(200);
    expect((await login("HTTP://Tracker.Example.cn:8080")).statusCode).toBe(200);
    for (const origin of ["http://evil.example", "https://tracker.example.cn:8080", "http://tracker.example.cn", "null"]) {
      const res = await login(origin);
      expect(res.statusCode, origin).toBe(403);
      expect(res.cookies, origin).toEqual([]);
      expect(res.json().error.message).toBe(`请求来源 ${origin} 不被允许：请从本系统的页面操作`);
    }
    const en = await login("http://evil.example", { "accept-language": "en-GB" });
    expect(en.json().error).toMatchObject({
      message: "Requests from http://evil.example are refused: use the tracker's own pages",
      data: { code: "FORBIDDEN", httpStatus: 403 },
    });
    // Reads are not writes: a cross-origin GET gets its answer (the browser keeps it from the other page).
    const read = await app.inject({ method: "GET", url: "/trpc/auth.me", headers: { origin: "http://evil.example" } });
    expect(read.statusCode).toBe(200);
    // The plain routes too, in their own shape.
    const upload = await app.inject({
      method: "POST",
      url: "/api/ledger/import?filename=a.csv",
      headers: { origin: "http://evil.example", "content-type": "text/csv", "accept-language": "en" },
      payload: "x",
    });
    expect(upload.statusCode).toBe(403);
    expect(upload.json()).toEqual({ error: "Requests from http://evil.example are refused: use the tracker's own pages" });
  });

  it("behind TLS: sends HSTS when asked, takes https://<Host> and the allow-listed origins", async () => {
    const tls = await buildApp({
      db: database.db,
      dbKind: database.kind,
      webDist: null,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      cookieSecure: true,
      hsts: true,
      allowedOrigins: ["https://xm.yicheng.gov.cn"],
      logger: false,
      now: () => new Date(`${TEST_TODAY}T02:00:00Z`),
    });
    try {
      const login = (origin: string) =>
        tls.inject({
          method: "POST",
          url: "/trpc/auth.login",
          headers: { host: "tracker.example.cn", origin },
          payload: { username: "leader", password: "Demo@2026" },
        });
      expect((await login("https://tracker.example.cn")).statusCode).toBe(200);
      expect((await login("https://xm.yicheng.gov.cn")).statusCode).toBe(200);
      expect((await login("http://tracker.example.cn")).statusCode).toBe(403);
      const page = await tls.inject({ method: "GET", url: "/" });
      expect(page.headers["strict-transport-security"]).toBe("max-age=31536000");
    } finally {
      await tls.close();
    }
  });

  it("answers a NUL character in an input with 400 and a field message, not a server error", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: JSON.stringify({ username: "leader\u0000", password: "Demo@2026" }),
      headers: { "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.data.fieldErrors).toEqual({ username: ["不能包含空字符（U+0000）"] });
  });
});
