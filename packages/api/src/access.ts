import { schema } from "@tracker/db";
import { checkPassword, REGISTER_READERS, type Role } from "@tracker/domain";
import { and, eq, isNull } from "drizzle-orm";
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

/** Throws BAD_REQUEST, in the user's language, unless the password meets the rule. */
export function assertPasswordRule(ctx: Context, password: string): void {
  const problem = checkPassword(password);
  if (problem === "too_short") throw userError(ctx, "BAD_REQUEST", "passwordTooShort");
  if (problem === "too_long") throw userError(ctx, "BAD_REQUEST", "passwordTooLong");
  if (problem === "too_few_classes") throw userError(ctx, "BAD_REQUEST", "passwordTooSimple");
}
