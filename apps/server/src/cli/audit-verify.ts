/**
 * `npm run audit:verify`: recomputes the audit log's hash chain from the first event on the
 * configured database and says whether it is whole (exit 0) or where it breaks (exit 1), with the
 * head hash to write down or export as an anchor outside the database.
 */
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { type AuditChainBreak, verifyAuditChain } from "@tracker/db/queries";
import { ConfigError, readEnv } from "../env";
import { formatCount } from "./format";

const WHY: Record<AuditChainBreak, string> = {
  altered: "its content does not match its hash: the event was changed",
  unlinked: "it does not follow the event before it: an event before it was deleted, inserted or changed",
  head: "the chain's head names a later event: the newest events were deleted, or the head was changed",
};

/** 2026-11-28 10:00:00 (Beijing) */
function beijing(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")} (Beijing)`;
}

async function main() {
  if (process.argv.length > 2) throw new ConfigError("usage: npm run audit:verify");
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, maxConnections: 2 });
  try {
    const report = await verifyAuditChain(database.db);
    if (report.intact) {
      if (!report.first || !report.last) {
        process.stdout.write("audit log intact: it holds no events yet\n");
        return;
      }
      process.stdout.write(
        `audit log intact: ${formatCount(report.events)} events, from #${report.first.id} ${beijing(report.first.at)} ` +
          `to #${report.last.id} ${beijing(report.last.at)}\nhead hash: ${report.last.hash}\n`,
      );
      return;
    }
    const broken = report.brokenAt!;
    process.stdout.write(
      `audit log BROKEN at event #${broken.id ?? "-"}${broken.at ? ` ${beijing(broken.at)}` : ""}: ${WHY[broken.reason]}\n` +
        `${formatCount(report.events)} events before it verify${report.first ? ` (from #${report.first.id})` : ""}\n`,
    );
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof DatabaseUnreachableError;
  process.stderr.write(`tracker: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
