import { getProject, listProjects } from "@tracker/db/queries";
import { canSeeInvestorContacts, idSchema, projectListInputSchema } from "@tracker/domain";
import { z } from "zod";
import { assertProjectReadable, investorScope, PROJECT_READERS } from "../access";
import { createTRPCRouter, roleProcedure, userError } from "../trpc";

export const projectsRouter = createTRPCRouter({
  /** The register: every filter of the contract, sorting, paging; investors see their own only. */
  list: roleProcedure(...PROJECT_READERS)
    .input(projectListInputSchema)
    .query(({ ctx, input }) => listProjects(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /** One project with five-fixed, milestones, permits, problems, reports and RAG with reasons. */
  get: roleProcedure(...PROJECT_READERS)
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      await assertProjectReadable(ctx, input.id);
      const project = await getProject(ctx.db, input.id, ctx.today(), {
        withInvestorContacts: canSeeInvestorContacts(ctx.user.role),
      });
      if (!project) throw userError(ctx, "NOT_FOUND", "projectNotFound");
      return project;
    }),
});
