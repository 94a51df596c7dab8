import { type Database, rowsOf } from "@tracker/db";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { Locale } from "./messages";
import { createCaller } from "./root";
import { type CookieJar, createContext } from "./trpc";

export { TEST_TODAY, type TestDatabase, testBackends };

/** 10:00 in Beijing on the test district's "today". */
export const TEST_NOW = new Date(`${TEST_TODAY}T02:00:00Z`);

/** A browser's cookie jar, in memory: what the HTTP layer would keep in the session cookie. */
export function memoryCookieJar(): CookieJar & { token: string | undefined } {
  const jar = {
    token: undefined as string | undefined,
    get: () => jar.token,
    set: (token: string) => {
      jar.token = token;
    },
    clear: () => {
      jar.token = undefined;
    },
  };
  return jar;
}

/** A caller with its own cookie jar; every call builds a fresh context, as an HTTP request would. */
export function client(db: Database, options: { now?: () => Date; locale?: Locale; clientIp?: string } = {}) {
  const cookies = memoryCookieJar();
  const now = options.now ?? (() => TEST_NOW);
  const caller = () =>
    createCaller(() =>
      createContext({ db, cookies, now, locale: options.locale ?? "zh-CN", clientIp: options.clientIp ?? "127.0.0.1" }),
    );
  return { cookies, caller };
}

/** A caller signed in as one of the demo users. */
export async function signedIn(
  db: Database,
  username: string,
  options: Parameters<typeof client>[1] & { password?: string } = {},
) {
  const c = client(db, options);
  await c.caller().auth.login({ username, password: options.password ?? "Demo@2026" });
  return c.caller();
}

/**
 * The one set-up of an API test suite: opens the demo district from the seeded snapshot (or an empty
 * schema with `seeded: false`) on the given backend before the suite's tests, hands it to `opened`
 * (where the suite keeps `db`, or reads its own fixtures), and disposes of it after them.
 * Use it inside `describe.each(testBackends())(…, (kind) => …)`: PGlite always, PostgreSQL as well
 * when TEST_DATABASE_URL is set.
 */
export function useTestDatabase(
  kind: ReturnType<typeof testBackends>[number],
  opened: (database: TestDatabase) => unknown,
  options: { seeded?: boolean } = {},
): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(kind, options);
    await opened(database);
  });
  afterAll(() => database?.dispose());
}

/** How many audit events one entity has: the fixture the write tests count changes with. */
export async function auditCount(db: Database, entity: string, entityId: number) {
  const [r] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from audit_events where entity = ${entity} and entity_id = ${String(entityId)}`,
  );
  return r!.n;
}
