import { decoyHash, hashPassword, verifyPassword } from "@tracker/db";
import {
  accountById,
  accountByUsername,
  clearAccountFailures,
  countAddressAttempt,
  endAccountSessions,
  recordFailure,
  reserveAccountAttempt,
} from "@tracker/db/queries";
import { changePasswordSchema, loginInputSchema, passwordExpired, ROLE_LABELS } from "@tracker/domain";
import { assertPasswordNotReused, assertPasswordRule, replacePassword } from "../access";
import { audit, auditSignIn } from "../audit";
import { okOutput, publicUserOutput } from "../outputs";
import { createSession, endSession, hashToken, resolveSession, type SessionUser } from "../session";
import { type Context, createTRPCRouter, protectedProcedure, publicProcedure, userError, writeTransaction } from "../trpc";

function publicUser(ctx: Context, user: SessionUser) {
  const { passwordChangedAt, ...rest } = user;
  return {
    ...rest,
    roleLabel: ROLE_LABELS[user.role],
    /** Past its maximum age: the dashboard asks for a new one before anything else. */
    passwordExpired: passwordExpired(passwordChangedAt, ctx.now(), ctx.passwordMaxAgeDays),
    passwordMaxAgeDays: ctx.passwordMaxAgeDays,
  };
}

export const authRouter = createTRPCRouter({
  /**
   * Signs in with username and password and sets the session cookie (a session the browser already
   * had is ended: the token rotates). The limits live in the database, so every server counts the
   * same attempts:
   * - attempts per client address in a window (TOO_MANY_REQUESTS), audited once per window;
   * - failures in a row for one username from one address lock that pair for a while. The failure
   *   is counted before the password is checked, so parallel or batched guesses cannot all pass as
   *   the first; an unknown username is counted and locked exactly like a real one, and a lock from
   *   one address leaves the rightful user free to sign in from theirs. The administrator can unlock.
   * A batch with more than one call is refused: one request, one guess.
   */
  login: publicProcedure
    .input(loginInputSchema)
    .output(publicUserOutput)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const address = ctx.clientIp ?? "unknown";
      const username = input.username.slice(0, 64);
      if (ctx.callsInRequest > 1) throw userError(ctx, "BAD_REQUEST", "loginNotBatched");

      const addressLimit = ctx.loginThrottle.address;
      if (addressLimit) {
        const counted = await countAddressAttempt(ctx.db, address, now, addressLimit);
        if (!counted.allowed) {
          if (counted.firstRefusal) {
            await auditSignIn(ctx.db, ctx, "login_rate_limited", undefined, {
              username,
              windowMinutes: addressLimit.windowMs / 60_000,
            });
          }
          throw userError(ctx, "TOO_MANY_REQUESTS", "tooManyLogins");
        }
      }

      const attempt = await reserveAccountAttempt(ctx.db, username, address, now, ctx.loginThrottle.account);
      if (attempt.kind === "locked") {
        if (attempt.firstRefusal) {
          await auditSignIn(ctx.db, ctx, "login_refused_locked", undefined, { username });
        }
        const minutes = Math.max(1, Math.ceil((attempt.lockedUntil.getTime() - now.getTime()) / 60_000));
        throw userError(ctx, "TOO_MANY_REQUESTS", "accountLocked", { minutes });
      }

      const user = await accountByUsername(ctx.db, input.username);
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);

      if (!user || !passwordOk || user.disabled) {
        const locked = await recordFailure(ctx.db, username, address, now, ctx.loginThrottle.account);
        await auditSignIn(ctx.db, ctx, "login_failed", user, { username, ...(locked ? { locked } : {}) });
        throw userError(ctx, "UNAUTHORIZED", "badCredentials");
      }

      const previous = ctx.cookies.get();
      const token = await writeTransaction(ctx, async (tx) => {
        if (previous) await endSession(tx, previous);
        await auditSignIn(tx, ctx, "login", user, null);
        return createSession(tx, user.id, now, ctx.sessionPolicy, ctx.clientIp);
      });
      await clearAccountFailures(ctx.db, username, address);
      ctx.cookies.set(token, Math.floor(ctx.sessionPolicy.absoluteMs / 1000));
      const sessionUser = await resolveSession(ctx.db, token, now, ctx.sessionPolicy);
      return publicUser(ctx, sessionUser!);
    }),

  /** Ends the session and clears the cookie. */
  logout: protectedProcedure.output(okOutput).mutation(async ({ ctx }) => {
    const token = ctx.cookies.get();
    await writeTransaction(ctx, async (tx) => {
      if (token) await endSession(tx, token);
      await audit(tx, ctx, { entity: "user", entityId: ctx.user.id, action: "logout" });
    });
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /**
   * Changes one's own password: the rule of checkPassword (with the username), none of the last
   * PASSWORD_HISTORY passwords; the password's age starts again and other sessions of the user end.
   */
  changePassword: protectedProcedure
    .input(changePasswordSchema)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      const user = await accountById(ctx.db, ctx.user.id);
      if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw userError(ctx, "BAD_REQUEST", "wrongCurrentPassword");
      }
      assertPasswordRule(ctx, input.newPassword, user.username);
      if (input.newPassword === input.currentPassword) throw userError(ctx, "BAD_REQUEST", "passwordUnchanged");
      await assertPasswordNotReused(ctx, user.id, input.newPassword);
      const passwordHash = await hashPassword(input.newPassword);
      const token = ctx.cookies.get();
      await writeTransaction(ctx, async (tx) => {
        await replacePassword(tx, user.id, passwordHash, ctx.now());
        await endAccountSessions(tx, user.id, token ? hashToken(token) : undefined);
        await audit(tx, ctx, { entity: "user", entityId: user.id, action: "change_password" });
      });
      return { ok: true as const };
    }),

  /** The signed-in user, or null. */
  me: publicProcedure.output(publicUserOutput.nullable()).query(({ ctx }) => (ctx.user ? publicUser(ctx, ctx.user) : null)),
});
