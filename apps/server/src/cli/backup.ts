/**
 * `npm run backup [-- --out <dir>]`: writes one dated, complete backup of the configured database
 * (PostgreSQL when DATABASE_URL is set, else the PGlite data directory) to BACKUP_DIR or <dir>, and
 * prints its path, its size and what it holds, one line each.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { NothingToBackUpError, writeBackup } from "../backup";
import { ConfigError, invocationDir, readEnv } from "../env";
import { countOf, formatBytes, formatCount } from "./format";

async function main() {
  const args = process.argv.slice(2);
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] !== "--out" || !value || value.startsWith("--")) throw new ConfigError("usage: npm run backup [-- --out <dir>]");
    out = value;
    i++;
  }
  const env = readEnv();
  const dir = out ? resolve(invocationDir(env), out) : env.BACKUP_DIR;
  if (!env.DATABASE_URL) {
    if (env.PGLITE_DIR.startsWith("memory://"))
      throw new ConfigError("PGLITE_DIR is memory://: there is no database on disk to back up");
    if (!existsSync(join(env.PGLITE_DIR, "PG_VERSION"))) {
      throw new ConfigError(
        `there is no PGlite database in ${env.PGLITE_DIR}: nothing to back up (set PGLITE_DIR, or DATABASE_URL for PostgreSQL)`,
      );
    }
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, maxConnections: 2 });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new ConfigError(
        `the PGlite data directory ${error.dataDir} is in use by process ${error.pid} (a running server), and PGlite allows one process per directory: stop the server to back up from here, or let the server take the backups (BACKUP_INTERVAL_MINUTES)`,
      );
    }
    throw error;
  }
  try {
    const result = await writeBackup(database.db, database.kind, { dir });
    process.stdout.write(
      [
        `backup: ${result.path}`,
        `size: ${formatBytes(result.bytes)} (${formatCount(result.bytes)} bytes)`,
        `rows: ${countOf(result.projects, "project")}, ${countOf(result.auditEvents, "audit event")} ` +
          `(${formatCount(result.rows)} rows in ${result.tables.length} tables, ${database.kind}, ${(result.ms / 1000).toFixed(1)} s)`,
        "",
      ].join("\n"),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof NothingToBackUpError;
  process.stderr.write(
    known
      ? `tracker: ${(error as Error).message}\n`
      : `tracker: the backup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
