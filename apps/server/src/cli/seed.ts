/**
 * `npm run db:seed [-- --reset] [-- --today YYYY-MM-DD] [-- --scale N]`: migrates the configured database
 * and fills it with the demo district; with `--scale N`, grown to N projects (a province: the district
 * copied in SQL sets over up to 20 districts' townships, `scaleDistrict`).
 * Refuses a database that holds data unless --reset is given, which
 * first empties every table (it is a demo tool) — but never an audit log with events younger than
 * AUDIT_RETENTION_DAYS other than the seed's own.
 */
import { DatabaseUnreachableError, DataDirInUseError, openDatabase, rowsOf } from "@tracker/db";
import { DERIVED_TABLE_NAMES, DISTRICT_TABLE_NAMES, isEmpty, scaleDistrict, seedDemoDistrict } from "@tracker/db/seed";
import { AUDIT_RETENTION_DAYS, chinaToday, isIsoDate } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { ConfigError, readEnv } from "../env";

const args = process.argv.slice(2);
const reset = args.includes("--reset");
const todayArg = args[args.indexOf("--today") + 1];
const today = args.includes("--today") ? todayArg : chinaToday();
const scaleArg = args.includes("--scale") ? args[args.indexOf("--scale") + 1] : undefined;

async function main() {
  if (!today || !isIsoDate(today)) throw new ConfigError("--today takes a date as YYYY-MM-DD");
  const scale = scaleArg === undefined ? undefined : Number(scaleArg);
  if (scale !== undefined && !(Number.isInteger(scale) && scale > 364 && scale <= 10_000_000)) {
    throw new ConfigError("--scale takes a number of projects greater than the demo district's 364");
  }
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  try {
    await database.migrate();
    if (!(await isEmpty(database.db))) {
      if (!reset) throw new ConfigError("the database already holds a district; run with --reset to replace it with the demo");
      // Audit events are kept AUDIT_RETENTION_DAYS: a log with younger events (other than the seed's
      // own) is not emptied, not even for the demo.
      const cutoff = new Date(Date.now() - AUDIT_RETENTION_DAYS * 86_400_000);
      const [kept] = await rowsOf<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from audit_events where at >= ${cutoff.toISOString()} and action <> 'seed_demo'`,
      );
      if (kept && kept.n > 0) {
        throw new ConfigError(
          `the audit log holds ${kept.n} events from the last ${AUDIT_RETENTION_DAYS} days, which must be kept: --reset would delete them; seed a new database instead (another PGLITE_DIR, or createdb)`,
        );
      }
      // The log refuses TRUNCATE by a trigger; the owner of the table sets it aside for this statement only.
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_truncate`);
        await tx.execute(
          sql.raw(
            `truncate audit_events, audit_chain_head, sessions, ${[...DERIVED_TABLE_NAMES, ...[...DISTRICT_TABLE_NAMES].reverse()].join(", ")} restart identity cascade`,
          ),
        );
        await tx.execute(sql`alter table audit_events enable always trigger audit_events_no_truncate`);
      });
    }
    const result = await seedDemoDistrict(database.db, { today });
    process.stdout.write(
      `seeded the demo district for ${today} on ${database.kind}: ${result.projects} projects, ${result.milestones} milestones, ` +
        `${result.permits} permits, ${result.progressReports} progress reports, ${result.problems} problems\n`,
    );
    if (scale !== undefined) {
      const grown = await scaleDistrict(database.db, scale);
      process.stdout.write(
        `scaled to ${grown.projects} projects in ${grown.townships} townships in ${grown.seconds} s: ${grown.milestones} milestones, ` +
          `${grown.permits} permits, ${grown.progressReports} progress reports, ${grown.problems} problems\n`,
      );
    }
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
