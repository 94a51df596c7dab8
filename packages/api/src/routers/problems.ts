import { schema } from "@tracker/db";
import { allExist, projectHolders } from "@tracker/db/queries";
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
import { holdsProject, ownProject } from "../access";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { raisedProblemOutput } from "../outputs";
import type { SessionUser } from "../session";
import { type Context, createTRPCRouter, roleProcedure, userError } from "../trpc";
import { createAudited, loadForWrite, writeVersioned } from "../write";

const { problems, units } = schema;
type SignedIn = Context & { user: SessionUser };
type Problem = typeof problems.$inferSelect;

const ACTIONS = PROBLEM_ACTION_LABELS;

/**
 * Loads a problem for a write and checks who may act on it. `who` lists the kinds of actor allowed: the
 * project's holders (leader or person in charge), the assigned unit's staff, the supervising leader
 * only, leadership.
 */
function problemFor(ctx: SignedIn, id: number, version: number, who: ("holder" | "unit" | "leader" | "leadership")[]) {
  return loadForWrite(ctx, "problem", id, version, async (problem) => {
    const holders = await projectHolders(ctx.db, problem.projectId);
    const allowed =
      (who.includes("leadership") && ctx.user.role === "leadership") ||
      (who.includes("holder") && holdsProject(ctx.user, holders)) ||
      (who.includes("leader") && holdsProject(ctx.user, holders, "leader")) ||
      (who.includes("unit") && ctx.user.role === "unit_staff" && ctx.user.unitId === problem.assignedUnitId);
    if (!allowed)
      throw userError(
        ctx,
        "FORBIDDEN",
        who.includes("leader") && !who.includes("holder") ? "onlyLeaderVerifies" : "notYourProblem",
      );
  });
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
function change(ctx: SignedIn, problem: Problem, action: string, set: Partial<typeof problems.$inferInsert>, note?: string) {
  return writeVersioned(ctx, {
    entity: "problem",
    row: problem,
    action,
    set,
    note: { note: note ?? null },
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
    .use(ownProject)
    .output(raisedProblemOutput)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        if (input.deadline < ctx.today()) throw userError(ctx, "BAD_REQUEST", "deadlineInPast");
        const assignedUnitId = input.assignedUnitId ?? ctx.holders.unitId;
        if (!assignedUnitId || !(await allExist(ctx.db, units, [assignedUnitId])))
          throw userError(ctx, "BAD_REQUEST", "unknownUnit");
        return createAudited(ctx, {
          entity: "problem",
          projectId: input.projectId,
          action: "raise",
          values: {
            projectId: input.projectId,
            category: input.category,
            description: input.description,
            raisedByPersonId: ctx.user.personId,
            assignedUnitId,
            deadline: input.deadline,
            raisedAt: ctx.now(),
          },
        });
      }),
    ),

  /** Hands the problem to another unit (and deadline): the project's holders or leadership. */
  assign: roleProcedure("leader", "owner", "leadership")
    .input(problemAssignSchema)
    .mutation(async ({ ctx, input }) => {
      const problem = await problemFor(ctx, input.id, input.version, ["holder", "leadership"]);
      refuseClosed(ctx, problem, "assign");
      if (!(await allExist(ctx.db, units, [input.assignedUnitId]))) throw userError(ctx, "BAD_REQUEST", "unknownUnit");
      if (input.deadline && input.deadline < ctx.today()) throw userError(ctx, "BAD_REQUEST", "deadlineInPast");
      return change(ctx, problem, "assign", {
        assignedUnitId: input.assignedUnitId,
        ...(input.deadline ? { deadline: input.deadline } : {}),
      });
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
