/**
 * `npm run restore -- <file> [--force]`: restores a backup into the configured database, in one
 * transaction. Refuses, with one line and nothing changed: a file that is not a complete, intact
 * backup; a database that holds data (unless --force, which replaces all of it); a PGlite data
 * directory that a running server holds.
 */
import { resolve } from "node:path";
import { DatabaseUnreachableError, DataDirInUseError, openDatabase, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";
import { BackupFileError, RestoreRefusedError, restoreBackup, verifyBackupFile } from "../backup";
import { ConfigError, invocationDir, readEnv } from "../env";
import { countOf, formatCount } from "./format";

const USAGE = "usage: npm run restore -- <file> [--force]";

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const files = args.filter((a) => a !== "--force");
  if (files.length !== 1 || files[0]!.startsWith("--")) throw new ConfigError(USAGE);
  const env = readEnv();
  const path = resolve(invocationDir(env), files[0]!);

  // Read the whole file before opening the database: a bad one is refused without touching anything.
  const summary = await verifyBackupFile(path).catch((error: unknown) => {
    if (error instanceof BackupFileError) throw new ConfigError(`cannot restore ${path}: ${error.message}; nothing was changed`);
    throw error;
  });

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, maxConnections: 2 });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new ConfigError(
        `the PGlite data directory ${error.dataDir} is in use by process ${error.pid} (a running server): stop it before restoring; nothing was changed`,
      );
    }
    throw error;
  }
  try {
    const result = await restoreBackup(database.db, path, { force, verified: summary });
    const { header } = result;
    const lines = [
      `restored: ${path} (taken ${header.createdAt} on ${header.source}) into ${database.kind}${result.replaced ? ", replacing what it held" : ""}`,
      `rows: ${countOf(result.projects, "project")}, ${countOf(result.auditEvents, "audit event")} ` +
        `(${formatCount(result.rows)} rows in ${result.tables} tables, ${(result.ms / 1000).toFixed(1)} s)`,
    ];
    if (result.migrationsApplied > 0)
      lines.push(`migrations: ${result.migrationsApplied} newer than the backup applied after it`);
    if (database.kind === "postgres") {
      const [others] = await rowsOf<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      if (others && others.n > 0) {
        lines.push(`note: ${others.n} other connection(s) to this database; restart the servers that use it`);
      }
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await database.close();
  }
}

/** The driver's error under drizzle's wrapper, for its SQLSTATE. */
function databaseError(error: unknown): { code?: string; message: string } | null {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  return cause instanceof Error ? { code: (cause as { code?: string }).code, message: cause.message } : null;
}

main().catch((error: unknown) => {
  let message: string;
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof BackupFileError
  ) {
    message = error.message;
  } else if (error instanceof RestoreRefusedError) {
    message = `${error.message}; nothing was changed`;
  } else if (databaseError(error)?.code === "55P03") {
    message =
      "the database is busy (another connection holds its tables): stop the servers that use it and try again; nothing was changed";
  } else {
    const cause = databaseError(error);
    message = `the restore failed and nothing was changed: ${cause?.message ?? String(error)}`;
  }
  process.stderr.write(`tracker: ${message}\n`);
  process.exit(1);
});
