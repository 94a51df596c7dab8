import { decoyHash, hashPassword, schema, verifyPassword } from "@tracker/db";
import { changePasswordSchema, loginInputSchema, ROLE_LABELS } from "@tracker/domain";
import { and, eq, ne, sql } from "drizzle-orm";
import { assertPasswordRule } from "../access";
import { audit } from "../audit";
import { createSession, endSession, hashToken, resolveSession, type SessionUser } from "../session";
import { createTRPCRouter, protectedProcedure, publicProcedure, userError } from "../trpc";

const { users, auditEvents, sessions } = schema;

function publicUser(user: SessionUser) {
  return { ...user, roleLabel: ROLE_LABELS[user.role] };
}

export const authRouter = createTRPCRouter({
  /**
   * Signs in with username and password and sets the session cookie. An unknown user and a wrong
   * password get the same answer after the same work; five failures in a row lock the account.
   */
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    if (ctx.loginLimiter && !ctx.loginLimiter.allow(ctx.clientIp ?? "unknown", now.getTime())) {
      await ctx.db.insert(auditEvents).values({
        entity: "user",
        action: "login_rate_limited",
        after: { username: input.username.slice(0, 64) },
        clientIp: ctx.clientIp,
        correlationId: ctx.correlationId,
      });
      throw userError(ctx, "TOO_MANY_REQUESTS", "tooManyLogins");
    }
    const [user] = await ctx.db
      .select()
      .from(users)
      .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);

    if (user?.lockedUntil && user.lockedUntil > now) {
      await ctx.db.insert(auditEvents).values({
        userId: user.id,
        role: user.role,
        entity: "user",
        entityId: String(user.id),
        action: "login_refused_locked",
        clientIp: ctx.clientIp,
        correlationId: ctx.correlationId,
      });
      const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
      throw userError(ctx, "TOO_MANY_REQUESTS", "accountLocked", { minutes });
    }
    if (!user || !passwordOk || user.disabled) {
      await ctx.db.transaction(async (tx) => {
        if (user) {
          const failures = user.failedLogins + 1;
          const lock = failures >= ctx.lockout.failures;
          await tx
            .update(users)
            .set({
              failedLogins: lock ? 0 : failures,
              lockedUntil: lock ? new Date(now.getTime() + ctx.lockout.minutes * 60_000) : user.lockedUntil,
            })
            .where(eq(users.id, user.id));
        }
        await tx.insert(auditEvents).values({
          userId: user?.id ?? null,
          role: user?.role ?? null,
          entity: "user",
          entityId: user ? String(user.id) : null,
          action: "login_failed",
          after: { username: input.username.slice(0, 64) },
          clientIp: ctx.clientIp,
          correlationId: ctx.correlationId,
        });
      });
      throw userError(ctx, "UNAUTHORIZED", "badCredentials");
    }

    const token = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
      await tx.insert(auditEvents).values({
        userId: user.id,
        role: user.role,
        entity: "user",
        entityId: String(user.id),
        action: "login",
        clientIp: ctx.clientIp,
        correlationId: ctx.correlationId,
      });
      return createSession(tx, user.id, now, ctx.sessionPolicy, ctx.clientIp);
    });
    ctx.cookies.set(token, Math.floor(ctx.sessionPolicy.absoluteMs / 1000));
    const sessionUser = await resolveSession(ctx.db, token, now, ctx.sessionPolicy);
    return publicUser(sessionUser!);
  }),

  /** Ends the session and clears the cookie. */
  logout: protectedProcedure.mutation(async ({ ctx }) => {
    const token = ctx.cookies.get();
    await ctx.db.transaction(async (tx) => {
      if (token) await endSession(tx, token);
      await tx.insert(auditEvents).values({
        userId: ctx.user.id,
        role: ctx.user.role,
        entity: "user",
        entityId: String(ctx.user.id),
        action: "logout",
        clientIp: ctx.clientIp,
        correlationId: ctx.correlationId,
      });
    });
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** Changes one's own password (the rule of checkPassword); other sessions of the user end. */
  changePassword: protectedProcedure.input(changePasswordSchema).mutation(async ({ ctx, input }) => {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.user.id));
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw userError(ctx, "BAD_REQUEST", "wrongCurrentPassword");
    }
    assertPasswordRule(ctx, input.newPassword);
    if (input.newPassword === input.currentPassword) throw userError(ctx, "BAD_REQUEST", "passwordUnchanged");
    const passwordHash = await hashPassword(input.newPassword);
    const token = ctx.cookies.get();
    await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, user.id), token ? ne(sessions.tokenHash, hashToken(token)) : undefined));
      await audit(tx, ctx, { entity: "user", entityId: user.id, action: "change_password" });
    });
    return { ok: true as const };
  }),

  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? publicUser(ctx.user) : null)),
});
