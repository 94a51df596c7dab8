import { textInput } from "@tracker/domain";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ledgerTemplate } from "../import/ledger-file";
import { importLedger, loadLedgerRefs, readLedger } from "../import/ledger-import";
import { message } from "../messages";
import { createTRPCRouter, roleProcedure } from "../trpc";

/** Base64 of at most ~20 MB of file. */
const fileSchema = z.object({
  filename: textInput()
    .trim()
    .max(200)
    .regex(/\.(xlsx|csv)$/i, { message: "filename must end in .xlsx or .csv" }),
  base64: textInput().min(1).max(28_000_000),
});

export const ledgerRouter = createTRPCRouter({
  /**
   * The ledger template (.xlsx): headings, one example row, and a 有效值 sheet of the valid townships,
   * stages, categories, industries, leaders, units and persons in charge, offered as drop-downs.
   */
  template: roleProcedure("admin").query(async ({ ctx }) => {
    const refs = await loadLedgerRefs(ctx.db);
    const file = await ledgerTemplate(refs.values);
    return { filename: message(ctx.locale, "ledger.templateFilename"), base64: file.toString("base64") };
  }),

  /**
   * Imports a ledger (.xlsx or .csv): all rows checked first, then all written in one transaction, or
   * nothing and every problem by row and column. `dryRun` checks without writing. The dashboard
   * uses the streaming POST /api/ledger/import for its progress bar; this is the same import.
   */
  import: roleProcedure("admin")
    .input(fileSchema.extend({ dryRun: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const bytes = Buffer.from(input.base64, "base64");
      // Read in a bounded worker first: a file too big or too heavy to read is refused as such.
      const read = await readLedger(bytes, input.filename, ctx.locale);
      if ("refused" in read) {
        const code = read.refused.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST";
        throw new TRPCError({ code, message: read.refused.message });
      }
      const result = await importLedger(ctx.db, bytes, {
        sheet: read.sheet,
        dryRun: input.dryRun,
        locale: ctx.locale,
        today: ctx.today(),
        now: ctx.now(),
        filename: input.filename,
        actor: { userId: ctx.user.id, role: ctx.user.role, clientIp: ctx.clientIp, correlationId: ctx.correlationId },
      });
      // A file that is no ledger at all is bad input; a ledger with bad rows is a report (ok: false).
      if (result.fileError) throw new TRPCError({ code: "BAD_REQUEST", message: result.fileError });
      return result;
    }),
});
