/**
 * `npm run db:seed [-- --reset] [-- --today YYYY-MM-DD]`: migrates the configured database and fills
 * it with the demo district. Refuses a database that holds data unless --reset is given, which
 * first empties every table (in the same transaction as nothing else: it is a demo tool).
 */
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { isEmpty, seedDemoDistrict } from "@tracker/db/seed";
import { chinaToday, isIsoDate } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { ConfigError, readEnv } from "../env";

const args = process.argv.slice(2);
const reset = args.includes("--reset");
const todayArg = args[args.indexOf("--today") + 1];
const today = args.includes("--today") ? todayArg : chinaToday();

async function main() {
  if (!today || !isIsoDate(today)) throw new ConfigError("--today takes a date as YYYY-MM-DD");
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  try {
    await database.migrate();
    if (!(await isEmpty(database.db))) {
      if (!reset) throw new ConfigError("the database already holds a district; run with --reset to replace it with the demo");
      await database.db.execute(
        sql.raw(`truncate audit_events, sessions, problems, progress_reports, permits, milestone_replans, milestones,
                 five_fixed_assignments, projects, approval_items, users, investors, working_groups, people, units, townships
                 restart identity cascade`),
      );
    }
    const result = await seedDemoDistrict(database.db, { today });
    process.stdout.write(
      `seeded the demo district for ${today} on ${database.kind}: ${result.projects} projects, ${result.milestones} milestones, ` +
        `${result.permits} permits, ${result.progressReports} progress reports, ${result.problems} problems\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`tracker: ${error.message}\n`);
  } else {
    process.stderr.write(`tracker: seeding failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
