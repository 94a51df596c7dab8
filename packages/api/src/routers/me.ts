import { myWork } from "@tracker/db/queries";
import { myWorkOutput } from "../outputs";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const meRouter = createTRPCRouter({
  /**
   * "My work": what the signed-in user must do, soonest first — their projects, milestones due
   * within 14 days (or late), their unit's permits on the clock, and the open problems on their
   * projects or assigned to their unit.
   */
  work: protectedProcedure.output(myWorkOutput).query(({ ctx }) => myWork(ctx.db, ctx.user, ctx.today())),
});
