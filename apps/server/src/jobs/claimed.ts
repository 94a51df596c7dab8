import { hostname } from "node:os";
import type { Database } from "@tracker/db";
import { claimJobRun } from "@tracker/db/queries";

/** The two pino calls a schedule makes (Fastify's `app.log` fits). */
export interface JobLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ClaimedScheduleOptions {
  db: Database;
  /** The job's name in `job_runs`, one claim per interval across every server on the database. */
  job: string;
  intervalMs: number;
  log: JobLog;
  /** What the log says when another server took this interval's run. */
  takenMessage: string;
  /** Details for every line the schedule logs. */
  details?: object;
  now?: () => Date;
  /** Names this server in the claim (default host:pid). */
  runner?: string;
}

/**
 * Runs `run` every `intervalMs`, timed from the end of the previous turn so that two never overlap,
 * on one server only: each interval's run is claimed in the database (`claimJobRun`), and the
 * servers that lose the claim skip that turn. A failed claim is logged and the turn skipped; `run`
 * handles (and logs) its own failures. Returns the function that stops the schedule.
 */
export function repeatClaimed(options: ClaimedScheduleOptions, run: () => Promise<unknown>): () => void {
  const { db, job, intervalMs, log } = options;
  const runner = options.runner ?? `${hostname()}:${process.pid}`;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const claim = async (): Promise<boolean> => {
    try {
      const mine = await claimJobRun(db, job, runner, now(), intervalMs);
      if (!mine) log.info({ ...options.details }, options.takenMessage);
      return mine;
    } catch (error) {
      log.error({ err: error, job, ...options.details }, `claiming the scheduled ${job} failed`);
      return false;
    }
  };

  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void claim()
        .then((mine) => (mine && !stopped ? run() : null))
        .then(arm);
    }, intervalMs);
    timer.unref();
  };
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
