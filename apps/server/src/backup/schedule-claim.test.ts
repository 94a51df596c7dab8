import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "@tracker/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBackupFileName } from "./file";
import { type BackupLog, startBackupSchedule } from "./schedule";

const workDir = mkdtempSync(join(tmpdir(), "tracker-claim-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function countingLog(): BackupLog & { written: number; skipped: number } {
  const log = {
    written: 0,
    skipped: 0,
    info: (_details: object, message: string) => {
      if (message === "scheduled backup written") log.written++;
      if (message === "scheduled backup taken by another server") log.skipped++;
    },
    error: (details: object, message: string) => {
      throw new Error(`${message}: ${JSON.stringify(details)}`);
    },
  };
  return log;
}

describe.each(testBackends())("scheduled backups on several servers (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.dispose());

  it("takes each interval's backup once, whichever server's timer fires, and only that one prunes", async () => {
    const dir = mkdtempSync(join(workDir, "shared-"));
    // The clock stands still: one interval, however often the timers fire.
    const now = () => new Date(`${TEST_TODAY}T02:00:00Z`);
    const logs = [countingLog(), countingLog()];
    const schedules = logs.map((log, i) =>
      startBackupSchedule({
        db: database.db,
        kind: database.kind,
        dir,
        intervalMs: 60,
        keep: 5,
        log,
        now,
        runner: `server-${i}`,
      }),
    );
    const deadline = Date.now() + 30_000;
    const written = () => logs[0]!.written + logs[1]!.written;
    while ((written() < 1 || logs[0]!.skipped + logs[1]!.skipped < 6) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 30));
    for (const schedule of schedules) await schedule.stop();
    expect(logs[0]!.written + logs[1]!.written).toBe(1);
    expect(logs[0]!.skipped + logs[1]!.skipped).toBeGreaterThanOrEqual(6);
    expect(readdirSync(dir).filter((name) => parseBackupFileName(name)?.scheduled)).toHaveLength(1);
  });
});
