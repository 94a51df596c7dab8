import { initials, schema } from "@tracker/db";
import { allExist, getProject, listProjects, projectCodeTaken } from "@tracker/db/queries";
import {
  canChangeLifecycle,
  canSeeInvestorContacts,
  checkStageMove,
  idSchema,
  LIFECYCLE_LABELS,
  lifecycleForStage,
  projectCreateSchema,
  projectListInputSchema,
  projectUpdateSchema,
  registerExportSchema,
  stageIndex,
  stageMoveSchema,
} from "@tracker/domain";
import { z } from "zod";
import { assertProjectReadable, assertProjectWritable, investorScope, PROJECT_READERS, PROJECT_WORKERS } from "../access";
import { registerWorkbook } from "../export/register-xlsx";
import { idempotencyKeyInput, idempotent } from "../idempotency";
import { message } from "../messages";
import { exportFileOutput, projectDetailOutput, projectListOutput } from "../outputs";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";
import { createAudited, loadForWrite, writeVersioned } from "../write";

/** More rows than any district's register; an export past it is refused rather than cut short. */
export const EXPORT_MAX_ROWS = 50_000;

const { investors, townships } = schema;

/** Throws unless the township (and company) exist: a foreign-key error would reach the user as a 500. */
async function assertReferences(
  ctx: Parameters<typeof assertProjectReadable>[0],
  refs: { townshipId?: number; investorId?: number },
) {
  if (refs.townshipId !== undefined) {
    if (!(await allExist(ctx.db, townships, [refs.townshipId]))) throw userError(ctx, "BAD_REQUEST", "unknownTownship");
  }
  if (refs.investorId !== undefined) {
    if (!(await allExist(ctx.db, investors, [refs.investorId]))) throw userError(ctx, "BAD_REQUEST", "unknownInvestor");
  }
}

export const projectsRouter = createTRPCRouter({
  /** The register: every filter of the contract, sorting, paging; investors see their own only. */
  list: roleProcedure(...PROJECT_READERS)
    .input(projectListInputSchema)
    .output(projectListOutput)
    .query(({ ctx, input }) => listProjects(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /**
   * The register's view (same filters and sort, every page) as an .xlsx file with the user's columns;
   * investors get their own company's projects only.
   */
  export: roleProcedure(...PROJECT_READERS)
    .input(registerExportSchema)
    .output(exportFileOutput)
    .query(async ({ ctx, input }) => {
      const { columns, table, ...filters } = input;
      const list = await listProjects(
        ctx.db,
        { ...filters, page: 1, pageSize: EXPORT_MAX_ROWS, investorId: investorScope(ctx.user) },
        ctx.today(),
      );
      if (list.total > EXPORT_MAX_ROWS) throw userError(ctx, "BAD_REQUEST", "exportTooLarge", { max: EXPORT_MAX_ROWS });
      const title = message(ctx.locale, table === "fiveFixed" ? "export.fiveFixedTitle" : "export.registerTitle");
      const file = await registerWorkbook(list.items, columns, ctx.locale, title);
      return {
        filename: `${title}-${ctx.today()}.xlsx`,
        rows: list.items.length,
        base64: file.toString("base64"),
      };
    }),

  /** One project with five-fixed, milestones, permits, problems, reports and RAG with reasons. */
  get: roleProcedure(...PROJECT_READERS)
    .input(z.object({ id: idSchema }))
    .output(projectDetailOutput)
    .query(async ({ ctx, input }) => {
      await assertProjectReadable(ctx, input.id);
      const project = await getProject(ctx.db, input.id, ctx.today(), {
        withInvestorContacts: canSeeInvestorContacts(ctx.user.role),
      });
      if (!project) throw userError(ctx, "NOT_FOUND", "projectNotFound");
      if (ctx.user.role !== "investor") return project;
      // An investor sees who is responsible, not how to reach them personally, nor past assignments.
      return {
        ...project,
        fiveFixed: project.fiveFixed ? { ...project.fiveFixed, ownerPhone: undefined } : null,
        fiveFixedHistory: [],
      };
    }),

  /**
   * Moves one's own project to another stage. One step forward needs nothing more; moving back or
   * skipping needs a reason. Reaching construction or completion records the actual date.
   */
  moveStage: roleProcedure(...PROJECT_WORKERS)
    .input(stageMoveSchema)
    .mutation(async ({ ctx, input }) => {
      const project = await loadForWrite(ctx, "project", input.id, input.version, (p) => assertProjectWritable(ctx, p.id));
      if (project.status === "suspended" || project.status === "cancelled")
        throw userError(ctx, "BAD_REQUEST", "projectNotActive");
      const move = checkStageMove(project.stage, input.stage, input.reason);
      if (!move.ok) throw userError(ctx, "BAD_REQUEST", move.code === "SAME_STAGE" ? "sameStage" : "stageReasonRequired");
      const today = ctx.today();
      const reached = (stage: "construction" | "hiring") => stageIndex(input.stage) >= stageIndex(stage);
      return writeVersioned(ctx, {
        entity: "project",
        row: project,
        action: `stage_${move.kind}`,
        set: {
          stage: input.stage,
          status: lifecycleForStage(input.stage),
          actualStartDate: reached("construction") ? (project.actualStartDate ?? today) : null,
          actualCompletionDate: reached("hiring") ? (project.actualCompletionDate ?? today) : null,
          updatedAt: ctx.now(),
        },
        auditBefore: { stage: project.stage, status: project.status },
        auditAfter: (updated) => ({ stage: updated.stage, status: updated.status, reason: input.reason ?? null }),
      });
    }),

  /**
   * Registers a signed project (admin); it starts in negotiation, with its pinyin initials for search.
   * A retry with the same `idempotencyKey` returns the first answer.
   */
  create: roleProcedure("admin")
    .input(projectCreateSchema)
    .input(idempotencyKeyInput)
    .mutation(
      idempotent(async ({ ctx, input }) => {
        await assertReferences(ctx, { townshipId: input.townshipId, investorId: input.investorId });
        if (await projectCodeTaken(ctx.db, input.code)) throw userError(ctx, "CONFLICT", "codeTaken");
        // A new project: nothing to lock; two creates of one code meet in projects_code_uq (CONFLICT).
        return createAudited(ctx, {
          entity: "project",
          projectId: null,
          action: "create",
          values: {
            ...input,
            nameInitials: initials(input.name),
            stage: "negotiation",
            status: "active",
            createdAt: ctx.now(),
            updatedAt: ctx.now(),
          },
        });
      }),
    ),

  /**
   * Edits a project's register data (admin): names, place, dates, total investment (never below what
   * is already invested), suspension and cancellation. The stage moves through moveStage.
   */
  update: roleProcedure("admin")
    .input(projectUpdateSchema)
    .mutation(async ({ ctx, input }) => {
      const { id, version, ...changes } = input;
      const project = await loadForWrite(ctx, "project", id, version);
      await assertReferences(ctx, { townshipId: changes.townshipId });
      if (changes.totalInvestmentWan !== undefined && changes.totalInvestmentWan < project.completedInvestmentWan) {
        throw userError(ctx, "BAD_REQUEST", "totalBelowCompleted", { completed: project.completedInvestmentWan });
      }
      const start = changes.plannedStartDate === undefined ? project.plannedStartDate : changes.plannedStartDate;
      const end = changes.plannedCompletionDate === undefined ? project.plannedCompletionDate : changes.plannedCompletionDate;
      if (start && end && end < start) throw userError(ctx, "BAD_REQUEST", "datesOutOfOrder");
      if (
        changes.status !== undefined &&
        changes.status !== project.status &&
        !canChangeLifecycle(project.status, changes.status, project.stage)
      ) {
        const label = (s: keyof typeof LIFECYCLE_LABELS) => LIFECYCLE_LABELS[s][ctx.locale];
        throw userError(ctx, "BAD_REQUEST", "lifecycleNotAllowed", { from: label(project.status), to: label(changes.status) });
      }
      return writeVersioned(ctx, {
        entity: "project",
        row: project,
        action: "update",
        set: { ...changes, ...(changes.name ? { nameInitials: initials(changes.name) } : {}), updatedAt: ctx.now() },
      });
    }),
});
