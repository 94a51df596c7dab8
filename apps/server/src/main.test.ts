import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", WEB_DIST: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, run: Run, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer /healthz: ${run.output()}`);
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("starting the server", () => {
  it("seeds an empty PGlite directory, refuses a second server on it, and shuts down cleanly on SIGTERM", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tracker-main-")), "pglite");
    const port = await freePort();
    const first = start({ PGLITE_DIR: dir, PORT: String(port) });
    await waitForHealth(port, first);
    expect(first.output()).toContain("seeded the demo district: 364 projects");
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: "ok", db: "pglite" });

    const second = start({ PGLITE_DIR: dir, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    const lines = second.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`data directory .* is in use by process ${first.child.pid}`));

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);

    // The data survives the restart and is not seeded twice.
    const again = start({ PGLITE_DIR: dir, PORT: String(port) });
    await waitForHealth(port, again);
    expect(again.output()).not.toContain("seeded");
    again.child.kill("SIGINT");
    expect(await again.exited).toBe(0);
  });

  it("ends with one line when the port is in use", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const run = start({ PGLITE_DIR: "memory://", PORT: String(port), SEED_DEMO: "false" });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(
        `tracker: port ${port} on 127.0.0.1 is in use: stop what holds it or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it("ends with one line when PostgreSQL cannot be reached", async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/tracker`, PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe(
      `tracker: cannot reach PostgreSQL at 127.0.0.1:${port}/tracker (ECONNREFUSED); start it or fix DATABASE_URL`,
    );
  });

  it("ends with one line on a bad setting", async () => {
    const run = start({ PORT: "eighty" });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(/^tracker: invalid configuration: PORT .+$/);
    const url = start({ DATABASE_URL: "mysql://x" });
    expect(await url.exited).toBe(1);
    expect(url.output().trim()).toBe("tracker: invalid configuration: DATABASE_URL must be a postgres:// URL");
  });
});
