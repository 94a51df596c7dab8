/**
 * PostgreSQL restarted under a running server: the server keeps running, requests during the outage
 * fail fast with a clear error in the user's language, and succeed again soon after it returns.
 *
 * The test never touches the machine's shared PostgreSQL: it runs its own throw-away cluster
 * (initdb into a temp directory, its own port and socket directory) and stops and starts that one.
 * As root, PostgreSQL's tools run as the `postgres` user (initdb refuses root).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "./app";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));

/** PostgreSQL's server binaries: the newest under /usr/lib/postgresql, else pg_config's. */
function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    return existsSync(join(dir, "initdb")) ? dir : null;
  } catch {
    return null;
  }
}

/** As root, the uid and gid of the `postgres` user to run the tools as; null when not root. */
function postgresUser(): { uid: number; gid: number } | null | "missing" {
  if (process.getuid?.() !== 0) return null;
  try {
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
    return { uid: uid!, gid: gid! };
  } catch {
    return "missing";
  }
}

const binDir = postgresBinDir();
const runAs = postgresUser();
const skipReason = !binDir
  ? "PostgreSQL's server binaries (initdb, pg_ctl) are not installed"
  : runAs === "missing"
    ? "running as root and there is no `postgres` user to run initdb as"
    : null;
if (skipReason) console.warn(`outage test skipped: ${skipReason}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A PostgreSQL cluster of the test's own, in a temp directory. */
class ThrowAwayPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), "tracker-outage-"));
  readonly data = join(this.dir, "data");
  constructor(readonly port: number) {
    if (runAs && runAs !== "missing") chownSync(this.dir, runAs.uid, runAs.gid);
  }
  private tool(name: string, args: string[]) {
    const bin = join(binDir!, name);
    const [file, argv] = runAs && runAs !== "missing" ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
    return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  }
  init() {
    this.tool("initdb", ["-D", this.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);
  }
  start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.tool("pg_ctl", ["-D", this.data, "-o", options, "-l", join(this.dir, "log"), "-w", "-t", "60", "start"]);
  }
  stop(mode: "fast" | "immediate" = "fast") {
    this.tool("pg_ctl", ["-D", this.data, "-m", mode, "-w", "-t", "60", "stop"]);
  }
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  dispose() {
    try {
      this.stop("immediate");
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Timed {
  status: number;
  ms: number;
  body: string;
}

async function timedFetch(url: string, init: RequestInit = {}): Promise<Timed> {
  const start = performance.now();
  // A request that hangs is the failure this test looks for: cut it off well past "fast".
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - start, body };
}

describe.skipIf(skipReason !== null)("PostgreSQL restarted while the server runs", () => {
  let pg: ThrowAwayPostgres;
  let server: ChildProcess;
  let output = "";
  let base = "";
  let cookie = "";
  const summaryUrl = () => `${base}/trpc/dashboard.summary?input=${encodeURIComponent("{}")}`;

  beforeAll(async () => {
    pg = new ThrowAwayPostgres(await freePort());
    pg.init();
    pg.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["--import", "tsx", main], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DATABASE_URL: pg.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        WEB_DIST: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d) => {
      output += d;
    });
    server.stderr?.on("data", (d) => {
      output += d;
    });
    // Migrations and the demo district's seed run on start.
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "leadership", password: "Demo@2026" }),
    });
    expect(login.status).toBe(200);
    cookie = `${SESSION_COOKIE}=${/tracker_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")![1]}`;
  }, 240_000);

  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    pg?.dispose();
  });

  it("keeps running, fails fast with a clear error during the outage, and recovers within 10 s", async () => {
    const before = await timedFetch(summaryUrl(), { headers: { cookie } });
    expect(before.status).toBe(200);
    expect(JSON.parse(before.body).result.data.projectCount).toBe(364);

    pg.stop("fast");
    const stoppedAt = performance.now();

    // The health probe says the database is down, at once.
    const health = await timedFetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toEqual({ status: "unavailable", db: "postgres", database: "down" });
    expect(health.ms).toBeLessThan(2_500);

    // Reads, writes and sign-ins fail fast, for several seconds of outage (postgres.js backs off more
    // with every failed attempt: it must not come to hold requests), in the user's language.
    const failures: Timed[] = [];
    while (performance.now() - stoppedAt < 4_000) {
      failures.push(await timedFetch(summaryUrl(), { headers: { cookie } }));
      failures.push(
        await timedFetch(`${base}/trpc/progress.submit`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ projectId: 1, period: "2026-11", investmentWan: 1, physicalPercent: 1 }),
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    const english = await timedFetch(summaryUrl(), { headers: { cookie, "accept-language": "en-US,en;q=0.9" } });
    const login = await timedFetch(`${base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "leader", password: "Demo@2026" }),
    });
    for (const failure of [...failures, english, login]) {
      expect(failure.status).toBe(503);
      expect(failure.ms).toBeLessThan(2_000);
      const { error } = JSON.parse(failure.body);
      expect(error.data.code).toBe("SERVICE_UNAVAILABLE");
      expect(error.data.correlationId).toEqual(expect.any(String));
      // No stack, SQL, driver codes or paths.
      expect(failure.body).not.toMatch(/stack|node_modules|\.ts:|select |ECONNREFUSED|CONNECTION_|127\.0\.0\.1/i);
    }
    expect(JSON.parse(failures[0]!.body).error.message).toMatch(/^数据库暂时不可用，请稍后重试（错误编号 .+）$/);
    expect(JSON.parse(english.body).error.message).toMatch(/^The database is unavailable; please retry shortly/);
    expect(server.exitCode).toBeNull();
    const slowest = Math.max(...failures.map((f) => f.ms));

    // PostgreSQL comes back: a read succeeds within 10 s, with the session the user had.
    pg.start();
    const restartedAt = performance.now();
    let back: Timed | undefined;
    while (performance.now() - restartedAt < 10_000) {
      const attempt = await timedFetch(summaryUrl(), { headers: { cookie } });
      if (attempt.status === 200) {
        back = attempt;
        break;
      }
      expect(attempt.status).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
    }
    const recoveredMs = performance.now() - restartedAt;
    expect(back, `no successful read within 10 s of the restart: ${output}`).toBeDefined();
    expect(JSON.parse(back!.body).result.data.projectCount).toBe(364);
    expect((await timedFetch(`${base}/healthz`)).status).toBe(200);
    expect(server.exitCode).toBeNull();
    console.info(
      `outage: ${failures.length} requests failed in ${Math.min(...failures.map((f) => f.ms)).toFixed(0)}–${slowest.toFixed(0)} ms ` +
        `(health ${health.ms.toFixed(0)} ms); first success ${recoveredMs.toFixed(0)} ms after PostgreSQL was back`,
    );
  });
});
