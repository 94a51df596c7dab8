import { type Database, schema, verifyPassword } from "@tracker/db";
import { checkPassword, PASSWORD_HISTORY, REGISTER_READERS, type Role } from "@tracker/domain";
import { and, desc, eq, isNull, notInArray } from "drizzle-orm";
import type { SessionUser } from "./session";
import { type Context, userError } from "./trpc";

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
export async function assertProjectReadable(ctx: Context & { user: SessionUser }, projectId: number): Promise<void> {
  const [row] = await ctx.db
    .select({ investorId: schema.projects.investorId })
    .from(schema.projects)
    .where(eq(schema.projects.id, projectId));
  const scope = investorScope(ctx.user);
  if (!row || (scope !== undefined && row.investorId !== scope)) throw userError(ctx, "NOT_FOUND", "projectNotFound");
}

/** Roles that update a project's milestones, progress, problems and stage (their own projects). */
export const PROJECT_WORKERS: Role[] = ["leader", "owner"];

/**
 * Throws unless the user may change the project: its current five-fixed supervising leader or person
 * in charge. A missing project is NOT_FOUND, another's FORBIDDEN.
 */
export async function assertProjectWritable(ctx: Context & { user: SessionUser }, projectId: number, db = ctx.db): Promise<void> {
  const [row] = await db
    .select({ leaderId: schema.fiveFixedAssignments.leaderId, ownerId: schema.fiveFixedAssignments.ownerId })
    .from(schema.projects)
    .leftJoin(
      schema.fiveFixedAssignments,
      and(eq(schema.fiveFixedAssignments.projectId, schema.projects.id), isNull(schema.fiveFixedAssignments.validTo)),
    )
    .where(eq(schema.projects.id, projectId));
  if (!row) throw userError(ctx, "NOT_FOUND", "projectNotFound");
  const person = ctx.user.personId;
  if (person === null || (row.leaderId !== person && row.ownerId !== person)) throw userError(ctx, "FORBIDDEN", "notYourProject");
}

/** Who holds a project: its current five-fixed leader, unit and owner, and its investor. */
export async function projectHolders(db: Context["db"], projectId: number) {
  const [row] = await db
    .select({
      leaderId: schema.fiveFixedAssignments.leaderId,
      ownerId: schema.fiveFixedAssignments.ownerId,
      unitId: schema.fiveFixedAssignments.unitId,
      investorId: schema.projects.investorId,
    })
    .from(schema.projects)
    .leftJoin(
      schema.fiveFixedAssignments,
      and(eq(schema.fiveFixedAssignments.projectId, schema.projects.id), isNull(schema.fiveFixedAssignments.validTo)),
    )
    .where(eq(schema.projects.id, projectId));
  return row ?? null;
}

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
  const [current] = await ctx.db
    .select({ hash: schema.users.passwordHash })
    .from(schema.users)
    .where(eq(schema.users.id, userId));
  const earlier = await ctx.db
    .select({ hash: schema.passwordHistory.passwordHash })
    .from(schema.passwordHistory)
    .where(eq(schema.passwordHistory.userId, userId))
    .orderBy(desc(schema.passwordHistory.changedAt), desc(schema.passwordHistory.id))
    .limit(PASSWORD_HISTORY - 1);
  for (const { hash } of [...(current ? [current] : []), ...earlier]) {
    if (await verifyPassword(hash, password)) {
      throw userError(ctx, "BAD_REQUEST", "passwordReused", { count: PASSWORD_HISTORY });
    }
  }
}

/**
 * Sets a user's password inside `tx`: the old hash goes into the history (only the last few are
 * kept) and the password's age starts again at `now`.
 */
export async function replacePassword(tx: Database, userId: number, passwordHash: string, now: Date): Promise<boolean> {
  const [old] = await tx.select({ hash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, userId));
  if (!old) return false;
  await tx.insert(schema.passwordHistory).values({ userId, passwordHash: old.hash, changedAt: now });
  const keep = tx
    .select({ id: schema.passwordHistory.id })
    .from(schema.passwordHistory)
    .where(eq(schema.passwordHistory.userId, userId))
    .orderBy(desc(schema.passwordHistory.changedAt), desc(schema.passwordHistory.id))
    .limit(PASSWORD_HISTORY - 1);
  await tx
    .delete(schema.passwordHistory)
    .where(and(eq(schema.passwordHistory.userId, userId), notInArray(schema.passwordHistory.id, keep)));
  await tx.update(schema.users).set({ passwordHash, passwordChangedAt: now }).where(eq(schema.users.id, userId));
  return true;
}
