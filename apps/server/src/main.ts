import { DEFAULT_SESSION_POLICY, purgeIdempotencyKeys, purgeSessions } from "@tracker/api";
import { DatabaseUnreachableError, DataDirInUseError, MigrationsPendingError, openDatabase } from "@tracker/db";
import { purgeLoginThrottles } from "@tracker/db/queries";
import { isEmpty, seedDemoDistrict } from "@tracker/db/seed";
import { chinaToday } from "@tracker/domain";
import { buildApp } from "./app";
import { type BackupSchedule, startBackupSchedule } from "./backup";
import { ConfigError, readEnv } from "./env";
import { startMaintenance } from "./jobs/maintenance";

const DEMO_LOGINS = ["admin", "leadership", "leader", "owner", "staff", "investor", "auditor"];

/** One line on stderr and a non-zero exit: what to fix, not a stack trace. */
function fail(message: string): never {
  process.stderr.write(`tracker: ${message}\n`);
  process.exit(1);
}

async function main() {
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`tracker: ${signal} received, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      stopMaintenance?.();
      await backups?.stop();
      await app?.close();
    } finally {
      await database.close();
      process.exit(0);
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let backups: BackupSchedule | undefined;
  let stopMaintenance: (() => void) | undefined;

  await database.migrate();
  let seeded = false;
  if (env.SEED_DEMO && (await isEmpty(database.db))) {
    const result = await seedDemoDistrict(database.db, { today: chinaToday() });
    process.stdout.write(`tracker: seeded the demo district: ${result.projects} projects, ${result.permits} permits\n`);
    seeded = true;
  }
  const sessionPolicy = {
    ...DEFAULT_SESSION_POLICY,
    idleMs: env.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: env.SESSION_MAX_HOURS * 3_600_000,
  };
  await purgeSessions(database.db, new Date(), sessionPolicy);
  await purgeIdempotencyKeys(database.db, new Date());
  await purgeLoginThrottles(database.db, new Date());
  app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    webDist: env.WEB_DIST,
    sessionPolicy,
    cookieSecure: env.COOKIE_SECURE,
    hsts: env.HSTS,
    allowedOrigins: env.ALLOWED_ORIGINS,
    loginThrottle: {
      address: { maxAttempts: env.LOGIN_MAX_ATTEMPTS, windowMs: env.LOGIN_WINDOW_MINUTES * 60_000 },
      account: { failures: env.LOCKOUT_FAILURES, lockMs: env.LOCKOUT_MINUTES * 60_000 },
    },
    passwordMaxAgeDays: env.PASSWORD_MAX_AGE_DAYS,
    trustProxy: env.TRUST_PROXY,
    logger:
      env.LOG_LEVEL === "silent" ? false : { level: env.LOG_LEVEL, redact: ["req.headers.cookie", 'res.headers["set-cookie"]'] },
  });
  try {
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    await database.close();
    if (code === "EADDRINUSE") fail(`port ${env.PORT} on ${env.HOST} is in use: stop what holds it or set PORT to a free port`);
    if (code === "EADDRNOTAVAIL")
      fail(`HOST ${env.HOST} is not an address of this machine: set HOST (e.g. 127.0.0.1 or 0.0.0.0)`);
    if (code === "EACCES") fail(`port ${env.PORT} needs privileges: set PORT to 1024 or above`);
    throw error;
  }
  if (env.BACKUP_INTERVAL_MINUTES > 0) {
    backups = startBackupSchedule({
      db: database.db,
      kind: database.kind,
      dir: env.BACKUP_DIR,
      intervalMs: env.BACKUP_INTERVAL_MINUTES * 60_000,
      keep: env.BACKUP_KEEP,
      log: app.log,
    });
  }
  if (env.MAINTENANCE_INTERVAL_MINUTES > 0) {
    stopMaintenance = startMaintenance({
      db: database.db,
      intervalMs: env.MAINTENANCE_INTERVAL_MINUTES * 60_000,
      log: app.log,
    });
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = `http://${shownHost === "127.0.0.1" ? "localhost" : shownHost}:${port}`;
  process.stdout.write(
    [
      "",
      `  Investment Project Tracker on ${database.kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL"}`,
      `  Dashboard: ${url}`,
      seeded || env.SEED_DEMO ? `  Demo logins (password Demo@2026): ${DEMO_LOGINS.join(", ")}` : "",
      ...(backups
        ? [`  Backups: every ${env.BACKUP_INTERVAL_MINUTES} min to ${env.BACKUP_DIR}, keeping the last ${env.BACKUP_KEEP}`]
        : []),
      "",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof MigrationsPendingError
  ) {
    fail(error.message);
  }
  process.stderr.write(`tracker: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
