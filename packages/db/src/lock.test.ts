import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataDirInUseError, lockDataDir } from "./lock";

describe("the PGlite data-directory lock", () => {
  it("refuses a second holder at once, saying which process holds it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tracker-lock-")), "pglite");
    const release = lockDataDir(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid}`));
    } finally {
      release();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it("refuses the same directory reached through a symlink or another spelling of its path", () => {
    const parent = mkdtempSync(join(tmpdir(), "tracker-lock-"));
    const dir = join(parent, "pglite");
    mkdirSync(join(parent, "elsewhere"));
    symlinkSync(dir, join(parent, "alias"));
    const release = lockDataDir(dir);
    try {
      expect(() => lockDataDir(join(parent, "alias"))).toThrow(DataDirInUseError);
      expect(() => lockDataDir(`${dir}/`)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(`${parent}/elsewhere/../pglite`)).toThrow(DataDirInUseError);
    } finally {
      release();
    }
    // Released: the alias may take it now.
    lockDataDir(join(parent, "alias"))();
  });

  it("refuses while another live process holds it", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tracker-lock-")), "pglite");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      writeFileSync(`${dir}.lock`, String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once("exit", resolve));
    // Its owner is gone: the stale lock is taken over.
    const release = lockDataDir(dir);
    release();
  });
});
