import { schema } from "@tracker/db";
import { openTestDatabase, type TestDatabase, testBackends } from "@tracker/db/testing";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginRateLimiter } from "../rate-limit";
import { createCaller } from "../root";
import { client, memoryCookieJar, signedIn, TEST_NOW } from "../testing";
import { createContext } from "../trpc";

describe.each(testBackends())("sign-in on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.dispose());

  it("signs a demo user in, sets the session cookie and knows who they are", async () => {
    const { caller, cookies } = client(database.db);
    expect(await caller().auth.me()).toBeNull();
    const me = await caller().auth.login({ username: "leadership", password: "Demo@2026" });
    expect(me).toMatchObject({ username: "leadership", role: "leadership", personName: "张振华" });
    expect(cookies.token).toMatch(/^[\w-]{40,}$/);
    expect(await caller().auth.me()).toMatchObject({ username: "leadership" });
    // The database keeps only a hash of the token.
    const stored = await database.db.select().from(schema.sessions);
    expect(stored.some((s) => s.tokenHash === cookies.token)).toBe(false);
  });

  it("answers a wrong password and an unknown user the same way, and audits both", async () => {
    const { caller } = client(database.db);
    const wrong = await caller()
      .auth.login({ username: "leader", password: "wrong-password" })
      .catch((e: TRPCError) => e);
    const unknown = await caller()
      .auth.login({ username: "nobody", password: "wrong-password" })
      .catch((e: TRPCError) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect(unknown).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).code).toBe("UNAUTHORIZED");
    expect((unknown as TRPCError).code).toBe("UNAUTHORIZED");
    expect((wrong as TRPCError).message).toBe("用户名或密码错误");
    expect((unknown as TRPCError).message).toBe((wrong as TRPCError).message);
    const failures = await database.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "login_failed")));
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it("answers in English when the user asks for it", async () => {
    const { caller } = client(database.db, { locale: "en" });
    await expect(caller().auth.login({ username: "leader", password: "nope-nope" })).rejects.toThrow(
      "Wrong username or password",
    );
  });

  it("locks an account for 30 minutes after 5 failures in a row, even for the right password", async () => {
    const { caller } = client(database.db);
    for (let i = 0; i < 5; i++) {
      await expect(caller().auth.login({ username: "auditor", password: `wrong-${i}` })).rejects.toThrow();
    }
    await expect(caller().auth.login({ username: "auditor", password: "Demo@2026" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const later = client(database.db, { now: () => new Date(TEST_NOW.getTime() + 31 * 60_000) });
    await expect(later.caller().auth.login({ username: "auditor", password: "Demo@2026" })).resolves.toMatchObject({
      role: "auditor",
    });
  });

  it("ends the session at logout, after 30 idle minutes, and 12 hours after sign-in", async () => {
    let now = TEST_NOW;
    const c = client(database.db, { now: () => now });
    await c.caller().auth.login({ username: "owner", password: "Demo@2026" });
    const token = c.cookies.token;
    await c.caller().auth.logout();
    expect(c.cookies.token).toBeUndefined();
    c.cookies.token = token; // replaying the old cookie does not help
    await expect(c.caller().dashboard.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    await c.caller().auth.login({ username: "owner", password: "Demo@2026" });
    now = new Date(TEST_NOW.getTime() + 31 * 60_000);
    await expect(c.caller().dashboard.summary()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "登录已过期，请重新登录",
    });

    now = TEST_NOW;
    await c.caller().auth.login({ username: "owner", password: "Demo@2026" });
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      now = new Date(TEST_NOW.getTime() + minutes * 60_000);
      await c.caller().auth.me();
    }
    now = new Date(TEST_NOW.getTime() + 12 * 3_600_000 + 60_000);
    expect(await c.caller().auth.me()).toBeNull();
  });

  it("rejects malformed input with a per-field message and no stack", async () => {
    const { caller } = client(database.db);
    const error = await caller()
      .auth.login({ username: "", password: "x" })
      .catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a second sign-in burst from one address with TOO_MANY_REQUESTS, and audits it", async () => {
    const limiter = new LoginRateLimiter(3, 60_000);
    const cookies = memoryCookieJar();
    const caller = () =>
      createCaller(() =>
        createContext({ db: database.db, cookies, now: () => TEST_NOW, clientIp: "10.9.8.7", loginLimiter: limiter }),
      );
    for (let i = 0; i < 3; i++)
      await expect(caller().auth.login({ username: "nobody", password: "x-wrong" })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    await expect(caller().auth.login({ username: "leadership", password: "Demo@2026" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "登录尝试过于频繁，请稍后再试",
    });
    const limited = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.action, "login_rate_limited"));
    expect(limited.some((e) => e.clientIp === "10.9.8.7")).toBe(true);
    // Another address is not affected.
    const other = createCaller(() =>
      createContext({ db: database.db, cookies, now: () => TEST_NOW, clientIp: "10.9.8.8", loginLimiter: limiter }),
    );
    await expect(other.auth.login({ username: "leadership", password: "Demo@2026" })).resolves.toMatchObject({
      role: "leadership",
    });
  });

  it("applies the password rule to new accounts and changed passwords, and ends the user's other sessions", async () => {
    const admin = await signedIn(database.db, "admin");
    await expect(admin.users.create({ username: "weak", role: "owner", password: "abcdefgh1" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "密码须包含大写字母、小写字母、数字、符号中的至少三类",
    });
    await expect(admin.users.create({ username: "short", role: "owner", password: "Ab1!" })).rejects.toMatchObject({
      message: "密码至少8位",
    });
    await expect(admin.users.create({ username: "inv2", role: "investor", password: "Invest#2026" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.users.create({ username: "Leadership", role: "owner", password: "Owner#2026" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const created = await admin.users.create({ username: "window2", role: "unit_staff", password: "Window#2026" });
    expect(created).toMatchObject({ username: "window2", role: "unit_staff" });
    expect(JSON.stringify(await admin.users.list())).not.toContain("argon2");

    const elsewhere = await signedIn(database.db, "window2", { password: "Window#2026" });
    const here = client(database.db);
    await here.caller().auth.login({ username: "window2", password: "Window#2026" });
    await expect(
      here.caller().auth.changePassword({ currentPassword: "wrong", newPassword: "Better#2027" }),
    ).rejects.toMatchObject({ message: "原密码错误" });
    await expect(
      here.caller().auth.changePassword({ currentPassword: "Window#2026", newPassword: "simple" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await here.caller().auth.changePassword({ currentPassword: "Window#2026", newPassword: "Better#2027" });
    expect(await here.caller().auth.me()).toMatchObject({ username: "window2" });
    await expect(elsewhere.dashboard.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(client(database.db).caller().auth.login({ username: "window2", password: "Better#2027" })).resolves.toBeTruthy();
  });
});
