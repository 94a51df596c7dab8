import { schema } from "@tracker/db";
import type { LoginThrottlePolicy } from "@tracker/db/queries";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCaller } from "../root";
import { client, memoryCookieJar, signedIn, TEST_NOW, type TestDatabase, testBackends, useTestDatabase } from "../testing";
import { createContext } from "../trpc";

describe.each(testBackends())("sign-in on %s", (kind) => {
  let database: TestDatabase;
  useTestDatabase(kind, async (opened) => {
    database = opened;
  });

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

  it("refuses a second sign-in burst from one address with TOO_MANY_REQUESTS, and audits it once per window", async () => {
    const policy: LoginThrottlePolicy = {
      address: { maxAttempts: 3, windowMs: 60_000 },
      account: { failures: 5, lockMs: 30 * 60_000 },
    };
    const cookies = memoryCookieJar();
    // Two callers with their own contexts stand for two servers: the count lives in the database.
    const server = (clientIp: string) => () =>
      createCaller(() => createContext({ db: database.db, cookies, now: () => TEST_NOW, clientIp, loginThrottle: policy }));
    const [first, second] = [server("10.9.8.7"), server("10.9.8.7")];
    for (const caller of [first, second, first])
      await expect(caller().auth.login({ username: "nobody", password: "x-wrong" })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    for (let i = 0; i < 40; i++)
      await expect(
        (i % 2 ? first : second)().auth.login({ username: "leadership", password: "Demo@2026" }),
      ).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        message: "登录尝试过于频繁，请稍后再试",
      });
    const limited = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.action, "login_rate_limited"));
    expect(limited.filter((e) => e.clientIp === "10.9.8.7")).toHaveLength(1);
    // Another address is not affected.
    await expect(server("10.9.8.8")().auth.login({ username: "leadership", password: "Demo@2026" })).resolves.toMatchObject({
      role: "leadership",
    });
    // The next window starts afresh.
    const later = createCaller(() =>
      createContext({
        db: database.db,
        cookies,
        now: () => new Date(TEST_NOW.getTime() + 61_000),
        clientIp: "10.9.8.7",
        loginThrottle: policy,
      }),
    );
    await expect(later.auth.login({ username: "leadership", password: "Demo@2026" })).resolves.toMatchObject({
      role: "leadership",
    });
  });

  it("locks after 5 failures even when 19 wrong guesses arrive at once, and then refuses the right password", async () => {
    const { caller } = client(database.db, { clientIp: "10.1.1.1" });
    const outcomes = await Promise.all(
      Array.from({ length: 19 }, (_, i) =>
        caller()
          .auth.login({ username: "staff", password: `Wrong#${i}` })
          .then(
            () => "ok",
            (e: TRPCError) => e.code,
          ),
      ),
    );
    // At most 5 guesses were checked; the rest were refused unchecked.
    expect(outcomes.filter((o) => o === "UNAUTHORIZED").length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(14);
    await expect(caller().auth.login({ username: "staff", password: "Demo@2026" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const checked = await database.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "login_failed"), eq(schema.auditEvents.clientIp, "10.1.1.1")));
    expect(checked.length).toBeLessThanOrEqual(5);
    const refused = await database.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "login_refused_locked"), eq(schema.auditEvents.clientIp, "10.1.1.1")));
    // Fourteen and more refusals, one event.
    expect(refused).toHaveLength(1);
  });

  it("locks a username per address: the rightful user signs in from elsewhere; unknown and known names answer alike", async () => {
    const attacker = client(database.db, { clientIp: "10.2.2.2" });
    for (const username of ["investor", "no-such-user"]) {
      for (let i = 0; i < 5; i++)
        await expect(attacker.caller().auth.login({ username, password: `Wrong#${i}` })).rejects.toMatchObject({
          code: "UNAUTHORIZED",
          message: "用户名或密码错误",
        });
    }
    const known = await attacker
      .caller()
      .auth.login({ username: "investor", password: "Demo@2026" })
      .catch((e: TRPCError) => e);
    const unknown = await attacker
      .caller()
      .auth.login({ username: "no-such-user", password: "Demo@2026" })
      .catch((e: TRPCError) => e);
    expect(known).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((unknown as TRPCError).code).toBe((known as TRPCError).code);
    expect((unknown as TRPCError).message).toBe((known as TRPCError).message);

    const rightful = client(database.db, { clientIp: "10.3.3.3" });
    await expect(rightful.caller().auth.login({ username: "investor", password: "Demo@2026" })).resolves.toMatchObject({
      role: "investor",
    });
  });

  it("refuses a sign-in sent in a batch with other calls", async () => {
    const cookies = memoryCookieJar();
    const batched = createCaller(() => createContext({ db: database.db, cookies, now: () => TEST_NOW, callsInRequest: 2 }));
    await expect(batched.auth.login({ username: "leadership", password: "Demo@2026" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "登录请求须单独发送，不能与其他请求合并",
    });
    expect(cookies.token).toBeUndefined();
  });

  it("rotates the session at sign-in: the browser's old token stops working", async () => {
    const c = client(database.db);
    await c.caller().auth.login({ username: "leadership", password: "Demo@2026" });
    const first = c.cookies.token;
    await c.caller().auth.login({ username: "leadership", password: "Demo@2026" });
    expect(c.cookies.token).not.toBe(first);
    const replay = client(database.db);
    replay.cookies.token = first;
    expect(await replay.caller().auth.me()).toBeNull();
    expect(await c.caller().auth.me()).toMatchObject({ username: "leadership" });
  });

  it("refuses the last 5 passwords, common passwords and ones built on the username", async () => {
    const admin = await signedIn(database.db, "admin");
    await expect(admin.users.create({ username: "window9", role: "unit_staff", password: "P@ssw0rd" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "该密码过于常见，容易被猜中，请换一个",
    });
    await expect(admin.users.create({ username: "window9", role: "unit_staff", password: "Window9#x" })).rejects.toMatchObject({
      message: "密码不能包含用户名",
    });
    await admin.users.create({ username: "window9", role: "unit_staff", password: "Start#2026" });
    const me = client(database.db);
    await me.caller().auth.login({ username: "window9", password: "Start#2026" });
    const passwords = ["Start#2026", "Second#27", "Third#2028", "Fourth#29", "Fifth#2030", "Sixth#2031"];
    for (let i = 1; i < passwords.length; i++)
      await me.caller().auth.changePassword({ currentPassword: passwords[i - 1]!, newPassword: passwords[i]! });
    // The current one and the four before it are remembered; the sixth-newest is free again.
    for (const old of passwords.slice(1, 5))
      await expect(me.caller().auth.changePassword({ currentPassword: "Sixth#2031", newPassword: old })).rejects.toMatchObject({
        message: "新密码不能与最近5次使用过的密码相同",
      });
    await expect(me.caller().auth.changePassword({ currentPassword: "Sixth#2031", newPassword: "Start#2026" })).resolves.toEqual({
      ok: true,
    });
    const [user] = await database.db.select().from(schema.users).where(eq(schema.users.username, "window9"));
    const history = await database.db.select().from(schema.passwordHistory).where(eq(schema.passwordHistory.userId, user!.id));
    expect(history).toHaveLength(4);
  });

  it("asks for a new password once the old one is 90 days old, and allows nothing else until then", async () => {
    const admin = await signedIn(database.db, "admin");
    await admin.users.create({ username: "aging1", role: "leadership", password: "Aging#2026" });
    let now = new Date(TEST_NOW.getTime() + 89 * 86_400_000);
    const c = client(database.db, { now: () => now });
    await c.caller().auth.login({ username: "aging1", password: "Aging#2026" });
    await expect(c.caller().dashboard.summary()).resolves.toBeTruthy();
    now = new Date(TEST_NOW.getTime() + 91 * 86_400_000);
    await c.caller().auth.login({ username: "aging1", password: "Aging#2026" });
    expect(await c.caller().auth.me()).toMatchObject({ passwordExpired: true, passwordMaxAgeDays: 90 });
    await expect(c.caller().dashboard.summary()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "密码已超过90天未修改，请先修改密码",
    });
    await c.caller().auth.changePassword({ currentPassword: "Aging#2026", newPassword: "Renewed#2027" });
    expect(await c.caller().auth.me()).toMatchObject({ passwordExpired: false });
    await expect(c.caller().dashboard.summary()).resolves.toBeTruthy();
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
