import { projectPermits } from "@tracker/db/queries";
import { idSchema } from "@tracker/domain";
import { z } from "zod";
import { assertProjectReadable, PROJECT_READERS } from "../access";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const permitsRouter = createTRPCRouter({
  /** A project's permits with status, issuing unit, statutory limit and working days left. */
  forProject: roleProcedure(...PROJECT_READERS)
    .input(z.object({ projectId: idSchema }))
    .query(async ({ ctx, input }) => {
      await assertProjectReadable(ctx, input.projectId);
      return projectPermits(ctx.db, input.projectId, ctx.today());
    }),
});
