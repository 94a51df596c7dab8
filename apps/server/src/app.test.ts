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
