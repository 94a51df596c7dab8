import {
  dashboardSummary,
  investmentBreakdown,
  investmentByMonth,
  leagueTables,
  overdueItems,
  ragReasonCounts,
} from "@tracker/db/queries";
import { DISTRICT_READERS, dashboardFilterSchema } from "@tracker/domain";
import { investorScope, PROJECT_READERS } from "../access";
import { breakdownOutput, investmentByMonthOutput, ragReasonsOutput, summaryOutput } from "../outputs";
import { createTRPCRouter, roleProcedure } from "../trpc";

const filterInput = dashboardFilterSchema.optional();

export const dashboardRouter = createTRPCRouter({
  /** Headline figures: counts, investment, stages and RAG, for the district or a township / unit. */
  summary: roleProcedure(...PROJECT_READERS)
    .input(filterInput)
    .output(summaryOutput)
    .query(({ ctx, input }) => dashboardSummary(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /** Investment completed per month against plan, the 24 months before this one. */
  investmentByMonth: roleProcedure(...PROJECT_READERS)
    .input(filterInput)
    .output(investmentByMonthOutput)
    .query(({ ctx, input }) => investmentByMonth(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /** Projects and investment per industry and per township. */
  breakdown: roleProcedure(...PROJECT_READERS)
    .input(filterInput)
    .output(breakdownOutput)
    .query(({ ctx, input }) => investmentBreakdown(ctx.db, { ...input, investorId: investorScope(ctx.user) })),

  /** How many projects each RAG reason touches, most common first. */
  ragReasons: roleProcedure(...PROJECT_READERS)
    .input(filterInput)
    .output(ragReasonsOutput)
    .query(({ ctx, input }) => ragReasonCounts(ctx.db, { ...input, investorId: investorScope(ctx.user) }, ctx.today())),

  /** What is late — five-fixed deadlines, milestones, permits, problems — each with who owns it. */
  overdue: roleProcedure(...DISTRICT_READERS)
    .input(filterInput)
    .query(({ ctx, input }) => overdueItems(ctx.db, { ...input }, ctx.today())),

  /** League tables of supervising leaders, units and townships. */
  leagues: roleProcedure(...DISTRICT_READERS)
    .input(filterInput)
    .query(({ ctx, input }) => leagueTables(ctx.db, { ...input }, ctx.today())),
});
