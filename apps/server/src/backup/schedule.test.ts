import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { openTestDatabase, type TestDatabase } from "@tracker/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBackup } from "./dump";
import { parseBackupFileName } from "./file";
import { type BackupLog, startBackupSchedule } from "./schedule";

/*
 * The schedule only decides when to call writeBackup and what to delete: the same on both backends,
 * so it runs on PGlite (the backend it exists for). backup.test.ts covers the backups themselves.
 */

interface Logged {
  level: "info" | "error";
  details: Record<string, unknown>;
  message: string;
}

function recordingLog(): BackupLog & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: "info", details: details as Record<string, unknown>, message }),
    error: (details, message) => lines.push({ level: "error", details: details as Record<string, unknown>, message }),
  };
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const workDir = mkdtempSync(join(tmpdir(), "tracker-schedule-"));
const newDir = () => mkdtempSync(join(workDir, "backups-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("scheduled backups", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(() => database?.dispose());

  it("keep the newest N scheduled backups, never a hand-made one, and clear what dead writers left", async () => {
    const dir = newDir();
    const manual = await writeBackup(database.db, "pglite", { dir, now: () => new Date("2026-01-01T00:00:00Z") });
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const dead = `.tracker-2026-01-01T000000Z.ndjson.gz.aaaaaa.${deadPid}.partial`;
    const writing = `.tracker-2026-01-01T000000Z.ndjson.gz.bbbbbb.${process.ppid}.partial`;
    writeFileSync(join(dir, dead), "half a backup");
    writeFileSync(join(dir, writing), "another process is writing this one");

    let minute = 0;
    const log = recordingLog();
    const schedule = startBackupSchedule({
      db: database.db,
      kind: "pglite",
      dir,
      intervalMs: 3_600_000,
      keep: 3,
      log,
      now: () => new Date(Date.UTC(2026, 10, 29, 3, minute++)),
    });
    try {
      for (let i = 0; i < 5; i++) await schedule.tick();
    } finally {
      await schedule.stop();
    }

    expect(readdirSync(dir).sort()).toEqual([
      writing,
      manual.path.split("/").at(-1),
      "tracker-2026-11-29T030200Z-scheduled.ndjson.gz",
      "tracker-2026-11-29T030300Z-scheduled.ndjson.gz",
      "tracker-2026-11-29T030400Z-scheduled.ndjson.gz",
    ]);
    expect(log.lines.map((l) => [l.level, l.message, l.details.deleted])).toEqual([
      ["info", "scheduled backup written", 1],
      ["info", "scheduled backup written", 0],
      ["info", "scheduled backup written", 0],
      ["info", "scheduled backup written", 1],
      ["info", "scheduled backup written", 1],
    ]);
    expect(log.lines[4]!.details).toMatchObject({
      file: join(dir, "tracker-2026-11-29T030400Z-scheduled.ndjson.gz"),
      projects: 364,
      bytes: expect.any(Number),
    });
  });

  it("keeps the right ones when several backups share a second", async () => {
    const dir = newDir();
    const log = recordingLog();
    const at = new Date("2026-11-29T03:15:00Z");
    const schedule = startBackupSchedule({
      db: database.db,
      kind: "pglite",
      dir,
      intervalMs: 3_600_000,
      keep: 2,
      log,
      now: () => at,
    });
    try {
      for (let i = 0; i < 4; i++) await schedule.tick();
    } finally {
      await schedule.stop();
    }
    // A number freed by pruning is not handed out again: it would make the newest look oldest.
    expect(readdirSync(dir).sort()).toEqual([
      "tracker-2026-11-29T031500Z-scheduled-3.ndjson.gz",
      "tracker-2026-11-29T031500Z-scheduled-4.ndjson.gz",
    ]);
  });

  it("never runs two backups at once: a tick during one gets that one", async () => {
    const dir = newDir();
    const schedule = startBackupSchedule({
      db: database.db,
      kind: "pglite",
      dir,
      intervalMs: 3_600_000,
      keep: 5,
      log: recordingLog(),
    });
    try {
      const [first, second] = await Promise.all([schedule.tick(), schedule.tick()]);
      expect(first).not.toBeNull();
      expect(second).toBe(first);
      expect(readdirSync(dir)).toHaveLength(1);
    } finally {
      await schedule.stop();
    }
  });

  it("runs on its interval until stopped, and stopping cancels a backup under way", async () => {
    const dir = newDir();
    const log = recordingLog();
    const schedule = startBackupSchedule({ db: database.db, kind: "pglite", dir, intervalMs: 100, keep: 2, log });
    await until(() => log.lines.length >= 3);
    await schedule.stop();
    const after = log.lines.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(log.lines.length).toBe(after);
    expect(log.lines.every((l) => l.level === "info")).toBe(true);
    // Backups a fraction of a second apart share a stamp and are told apart by a number (-2, -3, …).
    // …and the two kept are the two written last.
    const newest = log.lines.slice(-2).map((l) => basename(String(l.details.file)));
    expect(
      readdirSync(dir)
        .filter((name) => parseBackupFileName(name)?.scheduled)
        .sort(),
    ).toEqual(newest.sort());
    expect(readdirSync(dir).filter((name) => name.endsWith(".partial"))).toEqual([]);

    // Stopped while a backup is under way: it is cancelled, and its temporary file removed.
    const idle = startBackupSchedule({ db: database.db, kind: "pglite", dir, intervalMs: 3_600_000, keep: 2, log });
    const pending = idle.tick();
    await idle.stop();
    expect(await pending).toBeNull();
    expect(readdirSync(dir).filter((name) => name.endsWith(".partial"))).toEqual([]);
    expect(log.lines.every((l) => l.level === "info")).toBe(true);
  });

  it("logs a failed backup as one error line and carries on", async () => {
    const file = join(newDir(), "not-a-directory");
    writeFileSync(file, "");
    const log = recordingLog();
    const schedule = startBackupSchedule({
      db: database.db,
      kind: "pglite",
      dir: join(file, "backups"),
      intervalMs: 50,
      keep: 2,
      log,
    });
    try {
      await until(() => log.lines.length >= 2);
    } finally {
      await schedule.stop();
    }
    expect(log.lines[0]).toMatchObject({ level: "error", message: "scheduled backup failed" });
    expect(String((log.lines[0]!.details.err as Error).message)).toMatch(/ENOTDIR|EEXIST/);
    expect(log.lines[1]).toMatchObject({ level: "error", message: "scheduled backup failed" });
  });
});
