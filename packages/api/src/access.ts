import { type Database, verifyPassword } from "@tracker/db";
import { projectHolders, recentPasswordHashes, replacePassword as replaceAccountPassword } from "@tracker/db/queries";
import { checkPassword, PASSWORD_HISTORY, REGISTER_READERS, type Role } from "@tracker/domain";
import type { SessionUser } from "./session";
import { type Context, createMiddleware, userError } from "./trpc";

type SignedIn = Context & { user: SessionUser };

/** Roles that read projects: everyone but the auditor (investors only their own company's). */
export const PROJECT_READERS: Role[] = [...REGISTER_READERS];

/**
 * Reads are scoped by role: an investor sees their own company's projects only. Returns the
 * investor id to filter on, or undefined for roles that read the whole register.
 */
export function investorScope(user: SessionUser): number | undefined {
  if (user.role !== "investor") return undefined;
  if (user.investorId === null) throw new Error(`investor user ${user.id} has no company`);
  return user.investorId;
}

/**
 * Throws unless the user may read the project. A missing project and, for investors, another
 * company's project answer the same NOT_FOUND, so an investor never learns it exists.
 */
export async function assertProjectReadable(ctx: SignedIn, projectId: number): Promise<void> {
  const holders = await projectHolders(ctx.db, projectId);
  const scope = investorScope(ctx.user);
  if (!holders || (scope !== undefined && holders.investorId !== scope)) throw userError(ctx, "NOT_FOUND", "projectNotFound");
}

/** Roles that update a project's milestones, progress, problems and stage (their own projects). */
export const PROJECT_WORKERS: Role[] = ["leader", "owner"];

/** Who holds a project (`projectHolders` in @tracker/db): its current five-fixed people and unit, its investor. */
export type Holders = NonNullable<Awaited<ReturnType<typeof projectHolders>>>;

/**
 * THE ownership rule: a leader or person in charge holds a project when they are its current
 * five-fixed supervising leader or person in charge; `"leader"` asks for the supervising leader only.
 */
export function holdsProject(user: SessionUser, holders: Holders | null, as: "holder" | "leader" = "holder"): boolean {
  const person = user.personId;
  if (!holders || person === null) return false;
  if (as === "leader") return user.role === "leader" && holders.leaderId === person;
  return (user.role === "leader" || user.role === "owner") && (holders.leaderId === person || holders.ownerId === person);
}

/**
 * Throws unless the user may change the project: a holder (above); an investor, their own company's
 * project only. A missing project, and another company's for an investor, are NOT_FOUND; another's
 * FORBIDDEN. Returns the holders for the write's own rules.
 */
export async function assertProjectWritable(ctx: SignedIn, projectId: number): Promise<Holders> {
  const holders = await projectHolders(ctx.db, projectId);
  if (!holders) throw userError(ctx, "NOT_FOUND", "projectNotFound");
  if (ctx.user.role === "investor") {
    if (holders.investorId !== ctx.user.investorId) throw userError(ctx, "NOT_FOUND", "projectNotFound");
    return holders;
  }
  if (!holdsProject(ctx.user, holders)) throw userError(ctx, "FORBIDDEN", "notYourProject");
  return holders;
}

/**
 * The ownership rule as middleware, for procedures whose input names a project (`projectId`):
 * `.input(schema).use(ownProject)`. It runs after the inputs are parsed (bad input is BAD_REQUEST
 * for everyone) and hands the resolver the project's holders as `ctx.holders`.
 */
export const ownProject = createMiddleware(async ({ ctx, input, next }) => {
  if (!ctx.user) throw userError(ctx, "UNAUTHORIZED", "unauthorized");
  const holders = await assertProjectWritable({ ...ctx, user: ctx.user }, (input as { projectId: number }).projectId);
  return next({ ctx: { holders } });
});

/** Throws BAD_REQUEST, in the user's language, unless the password meets the rule for `username`. */
export function assertPasswordRule(ctx: Context, password: string, username?: string): void {
  const problem = checkPassword(password, { username });
  if (problem === "too_short") throw userError(ctx, "BAD_REQUEST", "passwordTooShort");
  if (problem === "too_long") throw userError(ctx, "BAD_REQUEST", "passwordTooLong");
  if (problem === "too_few_classes") throw userError(ctx, "BAD_REQUEST", "passwordTooSimple");
  if (problem === "common") throw userError(ctx, "BAD_REQUEST", "passwordCommon");
  if (problem === "contains_username") throw userError(ctx, "BAD_REQUEST", "passwordHasUsername");
}

/**
 * Throws BAD_REQUEST unless `password` differs from the user's current password and the earlier ones
 * kept in the history (PASSWORD_HISTORY in all).
 */
export async function assertPasswordNotReused(ctx: Context, userId: number, password: string): Promise<void> {
  for (const hash of await recentPasswordHashes(ctx.db, userId, PASSWORD_HISTORY - 1)) {
    if (await verifyPassword(hash, password)) {
      throw userError(ctx, "BAD_REQUEST", "passwordReused", { count: PASSWORD_HISTORY });
    }
  }
}

/**
 * Sets a user's password inside `tx`: the old hash goes into the history (only the last few are
 * kept) and the password's age starts again at `now`.
 */
export function replacePassword(tx: Database, userId: number, passwordHash: string, now: Date): Promise<boolean> {
  return replaceAccountPassword(tx, userId, passwordHash, now, PASSWORD_HISTORY - 1);
}
