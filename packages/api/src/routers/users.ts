import { hashPassword, schema } from "@tracker/db";
import {
  accountById,
  accountLocks,
  allExist,
  endAccountSessions,
  insertAccount,
  listAccounts,
  setAccountDisabled,
  unlockAccount,
  usernameTaken,
} from "@tracker/db/queries";
import {
  idSchema,
  PRIVILEGED_ROLES,
  type Role,
  userCreateSchema,
  userSetDisabledSchema,
  userSetPasswordSchema,
} from "@tracker/domain";
import { z } from "zod";
import { assertPasswordNotReused, assertPasswordRule, replacePassword } from "../access";
import { audit } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { type Context, createTRPCRouter, roleProcedure, userError } from "../trpc";

const { people, investors } = schema;

/**
 * Separation of duties: the system administrator neither grants the administrator or auditor role
 * nor touches such an account (its own included); those are managed with the server's
 * `npm run users` command. A missing account is left to the write's own NOT_FOUND.
 */
async function assertNotPrivileged(ctx: Context, target: { role: Role } | { id: number }): Promise<void> {
  const role = "role" in target ? target.role : (await accountById(ctx.db, target.id))?.role;
  if (role && PRIVILEGED_ROLES.includes(role)) throw userError(ctx, "FORBIDDEN", "privilegedAccount");
}

export const usersRouter = createTRPCRouter({
  /** Every account, for the system administrator. */
  list: roleProcedure("admin").query(({ ctx }) => listAccounts(ctx.db)),

  /** The addresses an account is locked out from just now, after failed sign-ins. */
  locks: roleProcedure("admin")
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      const user = await accountById(ctx.db, input.id);
      if (!user) throw userError(ctx, "NOT_FOUND", "userNotFound");
      return accountLocks(ctx.db, user.username, ctx.now());
    }),

  /** Lifts every sign-in lock of an account, from every address; audited. */
  unlock: roleProcedure("admin")
    .input(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const user = await accountById(tx, input.id);
        if (!user) throw userError(ctx, "NOT_FOUND", "userNotFound");
        const cleared = await unlockAccount(tx, user.username);
        await audit(tx, ctx, { entity: "user", entityId: input.id, action: "unlock", after: { cleared } });
        return { cleared };
      }),
    ),

  /**
   * Creates an account under the password rule; an investor account belongs to one company. A retry
   * with the same `idempotencyKey` returns the first answer (the key's fingerprint is argon2id: the
   * input holds the password).
   */
  create: roleProcedure("admin")
    .input(userCreateSchema)
    .input(idempotencyKeyInput)
    .mutation(
      idempotent(
        async ({ ctx, input }) => {
          await assertNotPrivileged(ctx, { role: input.role });
          assertPasswordRule(ctx, input.password, input.username);
          if ((input.role === "investor") !== (input.investorId !== undefined)) {
            throw userError(ctx, "BAD_REQUEST", "investorUserNeedsCompany");
          }
          if (input.investorId !== undefined && !(await allExist(ctx.db, investors, [input.investorId]))) {
            throw userError(ctx, "BAD_REQUEST", "unknownInvestor");
          }
          if (input.personId !== undefined && !(await allExist(ctx.db, people, [input.personId]))) {
            throw userError(ctx, "BAD_REQUEST", "unknownPerson");
          }
          if (await usernameTaken(ctx.db, input.username)) throw userError(ctx, "CONFLICT", "usernameTaken");
          const passwordHash = await hashPassword(input.password);
          return ctx.db.transaction(async (tx) => {
            const created = await insertAccount(tx, {
              username: input.username,
              role: input.role,
              personId: input.personId ?? null,
              investorId: input.investorId ?? null,
              passwordHash,
              now: ctx.now(),
            });
            await audit(tx, ctx, { entity: "user", entityId: created.id, action: "create", after: created });
            return created;
          });
        },
        { secret: true },
      ),
    ),

  /** Sets a new password (the rule and the history apply), unlocks the account and ends its sessions. */
  setPassword: roleProcedure("admin")
    .input(userSetPasswordSchema)
    .mutation(async ({ ctx, input }) => {
      await assertNotPrivileged(ctx, input);
      const user = await accountById(ctx.db, input.id);
      if (!user) throw userError(ctx, "NOT_FOUND", "userNotFound");
      assertPasswordRule(ctx, input.password, user.username);
      await assertPasswordNotReused(ctx, input.id, input.password);
      const passwordHash = await hashPassword(input.password);
      return ctx.db.transaction(async (tx) => {
        if (!(await replacePassword(tx, input.id, passwordHash, ctx.now()))) throw userError(ctx, "NOT_FOUND", "userNotFound");
        await unlockAccount(tx, user.username);
        await endAccountSessions(tx, input.id);
        await audit(tx, ctx, { entity: "user", entityId: input.id, action: "set_password" });
        return { ok: true as const };
      });
    }),

  /** Disables (and signs out) or re-enables an account. */
  setDisabled: roleProcedure("admin")
    .input(userSetDisabledSchema)
    .mutation(async ({ ctx, input }) => {
      await assertNotPrivileged(ctx, input);
      return ctx.db.transaction(async (tx) => {
        const updated = await setAccountDisabled(tx, input.id, input.disabled);
        if (!updated) throw userError(ctx, "NOT_FOUND", "userNotFound");
        if (input.disabled) await endAccountSessions(tx, input.id);
        await audit(tx, ctx, { entity: "user", entityId: input.id, action: input.disabled ? "disable" : "enable" });
        return updated;
      });
    }),
});
