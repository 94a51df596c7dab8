import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * When each scheduled job last ran, across every server on the database: a server runs a job only
 * when it wins the claim for the interval (see `claimJobRun`), so two servers take one backup, not two.
 */
export const jobRuns = pgTable("job_runs", {
  job: text().primaryKey(),
  lastRunAt: timestamp({ withTimezone: true }).notNull(),
  /** Which server ran it last (host and pid), for the operator. */
  runner: text(),
});
