import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/**
 * Claims this interval's run of `job` for `runner`: true for exactly one of the servers that ask
 * within an interval (one atomic upsert; the row lock decides), false for the others. A run counts
 * as due once 90% of the interval has passed, so timers that drift a little do not skip a turn.
 */
export async function claimJobRun(db: Database, job: string, runner: string, now: Date, intervalMs: number): Promise<boolean> {
  const dueBefore = new Date(now.getTime() - intervalMs * 0.9).toISOString();
  const rows = await rowsOf<{ job: string }>(
    db,
    sql`insert into job_runs as j (job, last_run_at, runner) values (${job}, ${now.toISOString()}::timestamptz, ${runner})
        on conflict (job) do update set last_run_at = excluded.last_run_at, runner = excluded.runner
          where j.last_run_at <= ${dueBefore}::timestamptz
        returning job`,
  );
  return rows.length === 1;
}
