/**
 * A few seconds of `npm run bench:load`'s request mix against the app on each test database: every
 * request of the mix still exists and answers, and concurrent readers and writers get no error (a
 * write's CONFLICT included). The figures are the benchmark's job (`npm run bench:load`), not this test's.
 */
import type { AddressInfo } from "node:net";
import { DEFAULT_SESSION_POLICY } from "@tracker/api";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareMix, runMix } from "../bench/load-mix";
import { buildApp } from "./app";

describe.each(testBackends())("the load mix on %s", (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let baseUrl: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = await buildApp({
      db: database.db,
      dbKind: database.kind,
      webDist: null,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      cookieSecure: false,
      logger: false,
      now: () => new Date(`${TEST_TODAY}T02:00:00Z`),
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it("runs overview, register, detail and write requests from several users with no error", async () => {
    const mix = await prepareMix(baseUrl);
    // A write share well above the benchmark's 5%, so that a few seconds see several.
    const result = await runMix(baseUrl, mix, { connections: 8, seconds: 3, writeShare: 0.2 });
    for (const [name, stats] of Object.entries(result.byKind)) {
      expect(stats.count, name).toBeGreaterThan(0);
      expect(stats.errors, `${name}: ${JSON.stringify(stats.statuses)} ${stats.sample ?? ""}`).toBe(0);
    }
    expect(result.autocannon.errors).toBe(0);
    expect(result.autocannon.non2xx).toBe(0);
  });
});
