import { referenceOptions } from "@tracker/db/queries";
import { PROJECT_READERS } from "../access";
import { referenceOptionsOutput } from "../outputs";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const referenceRouter = createTRPCRouter({
  /** Townships, units, supervising leaders and industries, for filters and forms. */
  options: roleProcedure(...PROJECT_READERS)
    .output(referenceOptionsOutput)
    .query(({ ctx }) => referenceOptions(ctx.db)),
});
