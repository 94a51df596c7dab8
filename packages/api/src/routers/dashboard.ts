import { dashboardSummary } from "@tracker/db/queries";
import { dashboardFilterSchema } from "@tracker/domain";
import { investorScope, PROJECT_READERS } from "../access";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  /** Headline figures: counts, investment, stages and RAG, for the district or a township / unit. */
  summary: roleProcedure(...PROJECT_READERS)
    .input(dashboardFilterSchema.optional())
    .query(({ ctx, input }) => dashboardSummary(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),
});
