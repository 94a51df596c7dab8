import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Database, DatabaseKind } from "@tracker/db";
import { type JobLog, repeatClaimed } from "../jobs/claimed";
import { type BackupResult, writeBackup } from "./dump";
import { compareBackupNames, parseBackupFileName, partialOwner } from "./file";

/** The two pino calls the schedule makes (Fastify's `app.log` fits). */
export type BackupLog = JobLog;

export interface BackupScheduleOptions {
  db: Database;
  kind: DatabaseKind;
  dir: string;
  intervalMs: number;
  /** Scheduled backups to keep; the oldest beyond this are deleted after each new one. */
  keep: number;
  log: BackupLog;
  now?: () => Date;
  /** Names this server in the claim (default host:pid). */
  runner?: string;
}

export interface BackupSchedule {
  /** Takes a backup now and prunes (no claim: by hand); while one is running, returns that one. */
  tick(): Promise<BackupResult | null>;
  /** No more backups; a running one is cancelled, and its temporary file removed. */
  stop(): Promise<void>;
}

/**
 * Backs the database up every `intervalMs` into `dir`, keeping the newest `keep` scheduled backups.
 * The next backup is timed from the end of the previous one, so two never overlap. With several
 * servers on one database, each interval's backup (and pruning) is claimed in the database
 * (`claimJobRun`): one server takes it, the others skip that turn. A failure is logged and the
 * schedule goes on; it never stops the server.
 */
export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const { db, kind, dir, keep, log } = options;
  const cancel = new AbortController();
  let running: Promise<BackupResult | null> | null = null;

  const run = async (): Promise<BackupResult | null> => {
    let result: BackupResult;
    try {
      result = await writeBackup(db, kind, { dir, now: options.now, scheduled: true, signal: cancel.signal });
    } catch (error) {
      if (!cancel.signal.aborted) log.error({ err: error, dir }, "scheduled backup failed");
      return null;
    }
    let deleted: string[] = [];
    try {
      deleted = await pruneBackups(dir, keep);
    } catch (error) {
      log.error({ err: error, dir }, "deleting old scheduled backups failed");
    }
    log.info(
      {
        file: result.path,
        bytes: result.bytes,
        ms: result.ms,
        rows: result.rows,
        projects: result.projects,
        auditEvents: result.auditEvents,
        deleted: deleted.length,
      },
      "scheduled backup written",
    );
    return result;
  };

  const tick = (): Promise<BackupResult | null> => {
    if (!running) {
      running = run().finally(() => {
        running = null;
      });
    }
    return running;
  };

  const stopRepeating = repeatClaimed(
    { ...options, job: "backup", takenMessage: "scheduled backup taken by another server", details: { dir } },
    tick,
  );

  return {
    tick,
    async stop() {
      stopRepeating();
      cancel.abort();
      await running;
    },
  };
}

/**
 * Deletes the oldest scheduled backups beyond `keep` (backups taken by hand are never touched), and
 * temporary files left by a process that died while writing one. Returns the deleted names.
 */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const names = await readdir(dir);
  const scheduled = names
    .map((name) => ({ name, parsed: parseBackupFileName(name) }))
    .filter((f): f is { name: string; parsed: NonNullable<typeof f.parsed> } => f.parsed?.scheduled === true)
    .sort((a, b) => compareBackupNames(a.parsed, b.parsed));
  const doomed = scheduled.slice(0, Math.max(0, scheduled.length - keep)).map((f) => f.name);
  for (const name of names) {
    const owner = partialOwner(name);
    // Our own pid too: no backup of ours is being written while we prune.
    if (owner !== null && (owner === process.pid || !isAlive(owner))) doomed.push(name);
  }
  for (const name of doomed) await unlink(join(dir, name)).catch(() => {});
  return doomed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
