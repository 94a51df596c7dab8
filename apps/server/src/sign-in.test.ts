import { DEFAULT_SESSION_POLICY } from "@tracker/api";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./app";

type App = Awaited<ReturnType<typeof buildApp>>;

const NOW = new Date(`${TEST_TODAY}T02:00:00Z`);

/** One sign-in over HTTP; the status code. */
async function signIn(
  app: App,
  username: string,
  password: string,
  headers: Record<string, string> = {},
  remoteAddress?: string,
) {
  const res = await app.inject({
    method: "POST",
    url: "/trpc/auth.login",
    payload: { username, password },
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  return res.statusCode;
}

describe.each(testBackends())("sign-in limits over HTTP on %s", (kind) => {
  let database: TestDatabase;
  /** Two servers on one database, as behind a load balancer. */
  let servers: [App, App];
  /** A server behind a reverse proxy on 127.0.0.1. */
  let proxied: App;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const options = {
      db: database.db,
      dbKind: database.kind,
      webDist: null,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      cookieSecure: false,
      logger: false as const,
      now: () => NOW,
      loginThrottle: {
        address: { maxAttempts: 10, windowMs: 5 * 60_000 },
        account: { failures: 5, lockMs: 30 * 60_000 },
      },
    };
    servers = [await buildApp(options), await buildApp(options)];
    proxied = await buildApp({ ...options, trustProxy: ["127.0.0.1"] });
  });
  afterAll(async () => {
    for (const app of [...(servers ?? []), proxied]) await app?.close();
    await database?.dispose();
  });

  it("counts attempts from one address across servers: 10 in all, not 10 each", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 16; i++) codes.push(await signIn(servers[i % 2]!, `nobody${i}`, "Wrong#2026", {}, "10.20.0.1"));
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(6);
  });

  it("refuses a sign-in inside a batch, and guesses sent at once lock after five", async () => {
    const batch = await servers[0].inject({
      method: "POST",
      url: "/trpc/auth.login,auth.login?batch=1",
      payload: { 0: { username: "leader", password: "Wrong#1" }, 1: { username: "leader", password: "Demo@2026" } },
      remoteAddress: "10.20.0.2",
    });
    expect(batch.statusCode).toBe(400);
    expect(JSON.stringify(batch.json())).toContain("登录请求须单独发送");

    const parallel = await Promise.all(
      Array.from({ length: 9 }, (_, i) => signIn(servers[i % 2]!, "leader", `Wrong#${i}`, {}, "10.20.0.3")),
    );
    expect(parallel.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(parallel.every((c) => c === 401 || c === 429)).toBe(true);
    expect(await signIn(servers[1], "leader", "Demo@2026", {}, "10.20.0.3")).toBe(429);
    // The rightful user, from their own address, is not locked out.
    expect(await signIn(servers[0], "leader", "Demo@2026", {}, "10.20.0.4")).toBe(200);
  });

  it("behind a trusted proxy, limits each client by X-Forwarded-For, not the proxy's address", async () => {
    for (let i = 0; i < 12; i++) await signIn(proxied, `junk${i}`, "Wrong#2026", { "x-forwarded-for": "203.0.113.9" });
    expect(await signIn(proxied, "junk", "Wrong#2026", { "x-forwarded-for": "203.0.113.9" })).toBe(429);
    expect(await signIn(proxied, "leadership", "Demo@2026", { "x-forwarded-for": "198.51.100.7" })).toBe(200);
    // A server that does not trust proxies ignores the header (a client could forge it).
    for (let i = 0; i < 10; i++)
      await signIn(servers[0], `forged${i}`, "Wrong#2026", { "x-forwarded-for": `198.51.100.${i}` }, "10.20.0.9");
    expect(await signIn(servers[0], "leadership", "Demo@2026", { "x-forwarded-for": "198.51.100.200" }, "10.20.0.9")).toBe(429);
  });
});
