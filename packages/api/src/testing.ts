import type { Database } from "@tracker/db";
import { TEST_TODAY } from "@tracker/db/testing";
import type { Locale } from "./messages";
import { createCaller } from "./root";
import { type CookieJar, createContext } from "./trpc";

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
