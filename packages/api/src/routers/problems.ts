import { lockProject, schema } from "@tracker/db";
import {
  canMoveProblem,
  isProblemOpen,
  nextEscalation,
  PROBLEM_ACTION_LABELS,
  PROBLEM_STATUS_LABELS,
  type ProblemStatus,
  problemAssignSchema,
  problemEscalateSchema,
  problemRaiseSchema,
  problemReopenSchema,
  problemResolveSchema,
  problemVerifySchema,
} from "@tracker/domain";
import { and, eq, sql } from "drizzle-orm";
import { projectHolders } from "../access";
import { audit, conflict, notFound } from "../audit";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import type { SessionUser } from "../session";
import { type Context, createTRPCRouter, roleProcedure, userError, writeTransaction } from "../trpc";

const { problems, units } = schema;
type SignedIn = Context & { user: SessionUser };
type Problem = typeof problems.$inferSelect;

const ACTIONS = PROBLEM_ACTION_LABELS;

/**
 * Loads a problem and checks who may act on it. `who` lists the kinds of actor allowed: the
 * project's leader or owner, the assigned unit's staff, the supervising leader only, leadership.
 */
async function problemFor(ctx: SignedIn, id: number, version: number, who: ("holder" | "unit" | "leader" | "leadership")[]) {
  const [problem] = await ctx.db.select().from(problems).where(eq(problems.id, id));
  if (!problem) throw notFound(ctx, "problem");
  const holders = await projectHolders(ctx.db, problem.projectId);
  const person = ctx.user.personId;
  const allowed =
    (who.includes("leadership") && ctx.user.role === "leadership") ||
    (who.includes("holder") &&
      (ctx.user.role === "leader" || ctx.user.role === "owner") &&
      person !== null &&
      (holders?.leaderId === person || holders?.ownerId === person)) ||
    (who.includes("leader") && ctx.user.role === "leader" && person !== null && holders?.leaderId === person) ||
    (who.includes("unit") && ctx.user.role === "unit_staff" && ctx.user.unitId === problem.assignedUnitId);
  if (!allowed)
    throw userError(
      ctx,
      "FORBIDDEN",
      who.includes("leader") && !who.includes("holder") ? "onlyLeaderVerifies" : "notYourProblem",
    );
  if (problem.version !== version) throw await conflict(ctx.db, ctx, "problem", id);
  return problem;
}

function refuse(ctx: SignedIn, problem: Problem, action: keyof typeof ACTIONS) {
  return userError(ctx, "BAD_REQUEST", "problemMoveNotAllowed", {
    from: PROBLEM_STATUS_LABELS[problem.status][ctx.locale],
    action: ACTIONS[action]![ctx.locale],
  });
}

/** Throws unless the domain allows the move. */
function refuseMove(ctx: SignedIn, problem: Problem, to: ProblemStatus, action: keyof typeof ACTIONS) {
  if (!canMoveProblem(problem.status, to)) throw refuse(ctx, problem, action);
}

/** Throws when the problem is solved already: it can no longer be reassigned or escalated. */
function refuseClosed(ctx: SignedIn, problem: Problem, action: keyof typeof ACTIONS) {
  if (!isProblemOpen(problem.status)) throw refuse(ctx, problem, action);
}

/** Writes the change with the version check and its audit event, in one transaction. */
async function change(
  ctx: SignedIn,
  problem: Problem,
  action: string,
  set: Partial<typeof problems.$inferInsert>,
  note?: string,
) {
  return writeTransaction(ctx, async (tx) => {
    await lockProject(tx, problem.projectId);
    const [updated] = await tx
      .update(problems)
      .set({ ...set, version: sql`${problems.version} + 1` })
      .where(and(eq(problems.id, problem.id), eq(problems.version, problem.version)))
      .returning();
    if (!updated) throw await conflict(tx, ctx, "problem", problem.id);
    await audit(tx, ctx, {
      entity: "problem",
      entityId: problem.id,
      action,
      before: problem,
      after: { ...updated, note: note ?? null },
    });
    return updated;
  });
}

export const problemsRouter = createTRPCRouter({
  /**
   * Raises a problem on a project: its leader or person in charge, or the investor on their own
   * company's project (another company's is NOT_FOUND). It goes to the given unit, else the
   * project's five-fixed responsible unit. A retry with the same `idempotencyKey` returns the first answer.
   */
  raise: roleProcedure("leader", "owner", "investor")
    .input(problemRaiseSchema)
    .input(idempotencyKeyInput)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        const holders = await projectHolders(ctx.db, input.projectId);
        if (!holders || (ctx.user.role === "investor" && holders.investorId !== ctx.user.investorId)) {
          throw userError(ctx, "NOT_FOUND", "projectNotFound");
        }
        if (
          ctx.user.role !== "investor" &&
          (ctx.user.personId === null || ![holders.leaderId, holders.ownerId].includes(ctx.user.personId))
        ) {
          throw userError(ctx, "FORBIDDEN", "notYourProject");
        }
        if (input.deadline < ctx.today()) throw userError(ctx, "BAD_REQUEST", "deadlineInPast");
        const assignedUnitId = input.assignedUnitId ?? holders.unitId;
        const [unit] = assignedUnitId
          ? await ctx.db.select({ id: units.id }).from(units).where(eq(units.id, assignedUnitId))
          : [];
        if (!unit) throw userError(ctx, "BAD_REQUEST", "unknownUnit");
        return writeTransaction(ctx, async (tx) => {
          await lockProject(tx, input.projectId);
          const [created] = await tx
            .insert(problems)
            .values({
              projectId: input.projectId,
              category: input.category,
              description: input.description,
              raisedByPersonId: ctx.user.personId,
              assignedUnitId: unit.id,
              deadline: input.deadline,
              raisedAt: ctx.now(),
            })
            .returning();
          await audit(tx, ctx, { entity: "problem", entityId: created!.id, action: "raise", after: created });
          return created!;
        });
      }),
    ),

  /** Hands the problem to another unit (and deadline): the project's holders or leadership. */
  assign: roleProcedure("leader", "owner", "leadership")
    .input(problemAssignSchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["holder", "leadership"]);
      refuseClosed(ctx, problem, "assign");
      const [unit] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.id, input.assignedUnitId));
      if (!unit) throw userError(ctx, "BAD_REQUEST", "unknownUnit");
      if (input.deadline && input.deadline < ctx.today()) throw userError(ctx, "BAD_REQUEST", "deadlineInPast");
      return change(ctx, problem, "assign", { assignedUnitId: unit.id, ...(input.deadline ? { deadline: input.deadline } : {}) });
    }),

  /** Lifts an unsolved problem one level: unit → working group → district leadership. */
  escalate: roleProcedure("leader", "owner", "unit_staff", "leadership")
    .input(problemEscalateSchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["holder", "unit", "leadership"]);
      refuseClosed(ctx, problem, "escalate");
      const next = nextEscalation(problem.escalationLevel);
      if (!next) throw userError(ctx, "BAD_REQUEST", "alreadyTopLevel");
      return change(ctx, problem, "escalate", { escalationLevel: next }, input.reason);
    }),

  /** Records how it was solved: the assigned unit's staff or the project's holders. */
  resolve: roleProcedure("leader", "owner", "unit_staff")
    .input(problemResolveSchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["holder", "unit"]);
      refuseMove(ctx, problem, "resolved", "resolve");
      return change(ctx, problem, "resolve", { status: "resolved", resolution: input.resolution, resolvedAt: ctx.now() });
    }),

  /** Checks the solution and closes the problem (销号): the supervising leader or leadership. */
  verify: roleProcedure("leader", "leadership")
    .input(problemVerifySchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["leader", "leadership"]);
      refuseMove(ctx, problem, "verified", "verify");
      return change(ctx, problem, "verify", { status: "verified", verifiedAt: ctx.now() });
    }),

  /** Reopens a solved problem that is not solved after all, with the reason. */
  reopen: roleProcedure("leader", "owner", "leadership")
    .input(problemReopenSchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["holder", "leadership"]);
      if (isProblemOpen(problem.status)) throw refuse(ctx, problem, "reopen");
      refuseMove(ctx, problem, "in_progress", "reopen");
      return change(ctx, problem, "reopen", { status: "in_progress", resolvedAt: null, verifiedAt: null }, input.reason);
    }),
});
