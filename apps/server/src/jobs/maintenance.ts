import type { Database } from "@tracker/db";
import { compactRollups } from "@tracker/db/queries";
import { type JobLog, repeatClaimed } from "./claimed";

export interface MaintenanceOptions {
  db: Database;
  intervalMs: number;
  log: JobLog;
  now?: () => Date;
  runner?: string;
}

/**
 * The database's housekeeping every `intervalMs`, on one server of those sharing the database: the
 * kept dashboard figures folded (`compactRollups`). Each write appends a row or two to them; folded
 * every few minutes, the panels that read them read a few hundred rows however busy the day was. A
 * failure is logged and the next turn tries again. Returns the function that stops it.
 */
export function startMaintenance(options: MaintenanceOptions): () => void {
  const { db, log } = options;
  return repeatClaimed({ ...options, job: "maintenance", takenMessage: "maintenance taken by another server" }, async () => {
    try {
      const removed = await compactRollups(db);
      log.info({ removed }, "kept dashboard figures compacted");
    } catch (error) {
      log.error({ err: error }, "compacting the kept dashboard figures failed");
    }
  });
}
