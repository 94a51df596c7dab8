/**
 * `npm run bench:load [-- --db pglite|postgres|both]`: the real server under load on loopback.
 *
 * For each database it starts `apps/server/src/main.ts` (PGlite in memory, or a fresh PostgreSQL
 * database it creates and drops), which migrates and seeds the demo district; signs four demo users
 * in once each (no sign-in limit is relaxed: four sign-ins are far below them); warms up; then runs
 *   baseline — GET /healthz (HTTP plus one `select 1`: the thinnest request that reaches the database)
 *   mix      — overview, register and detail reads with 5% writes (see load-mix.ts)
 * with autocannon, CONNECTIONS connections each, one after the other on the same server, and prints
 * p50, p99, requests/s and errors of both with their ratios. Errors are non-2xx answers (a CONFLICT
 * included), batches with a failed call inside, socket errors and timeouts (10 s); any error fails
 * the run (exit code 1).
 *
 * Environment: DURATION (s, mix; 60), BASELINE_DURATION (s; 20), WARMUP (s; 5), CONNECTIONS (50),
 * BENCH_PG_URL (a PostgreSQL server to create the database on; postgres://postgres@127.0.0.1:5432/postgres).
 * Absolute figures depend on the machine (and autocannon runs on it too); the ratios are the figures to watch.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import type autocannon from "autocannon";
import postgres from "postgres";
import { type LoadResult, prepareMix, quantile, type RequestKind, runBaseline, runMix } from "./load-mix";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const seconds = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return value;
};
const DURATION = seconds("DURATION", 60);
const BASELINE_DURATION = seconds("BASELINE_DURATION", 20);
const WARMUP = seconds("WARMUP", 5);
const CONNECTIONS = Math.round(seconds("CONNECTIONS", 50));
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Backend = "pglite" | "postgres";

function parseBackends(argv: string[]): Backend[] {
  const i = argv.indexOf("--db");
  const value = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith("--db="))?.slice(5) ?? "pglite");
  if (value === "both") return ["pglite", "postgres"];
  if (value === "pglite" || value === "postgres") return [value];
  throw new Error("--db takes pglite, postgres or both");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "error",
      WEB_DIST: "",
      SEED_DEMO: "true",
      BACKUP_INTERVAL_MINUTES: "0",
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return { child, baseUrl };
    } catch {
      // not listening yet: migrating and seeding
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGKILL");
  throw new Error("the server did not start in 240 s");
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

interface Run {
  backend: Backend;
  baseline: autocannon.Result;
  mix: LoadResult;
}

async function benchmark(backend: Backend): Promise<Run> {
  let dropDatabase = async () => {};
  const env: Record<string, string> = { PGLITE_DIR: "memory://" };
  if (backend === "postgres") {
    const name = `tracker_load_${process.pid}_${Date.now().toString(36)}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    env.DATABASE_URL = databaseUrl(PG_URL, name);
    dropDatabase = async () => {
      const cleanup = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  let child: ChildProcess | undefined;
  try {
    process.stdout.write(`${backend}: starting the server (migrate, seed the demo district)…\n`);
    const server = await startServer(env);
    child = server.child;
    const mix = await prepareMix(server.baseUrl);
    process.stdout.write(
      `${backend}: ${mix.projectIds.length} projects, ${mix.reports.length} reports to correct; warm-up ${WARMUP} s, ` +
        `baseline ${BASELINE_DURATION} s, mix ${DURATION} s at ${CONNECTIONS} connections…\n`,
    );
    await runMix(server.baseUrl, mix, { connections: CONNECTIONS, seconds: WARMUP });
    const baseline = await runBaseline(server.baseUrl, { connections: CONNECTIONS, seconds: BASELINE_DURATION });
    const measured = await runMix(server.baseUrl, mix, { connections: CONNECTIONS, seconds: DURATION });
    return { backend, baseline, mix: measured };
  } finally {
    if (child) await stopServer(child);
    await dropDatabase();
  }
}

const mixErrors = (r: LoadResult) => r.autocannon.errors + Object.values(r.byKind).reduce((n, k) => n + k.errors, 0);
const baselineErrors = (r: autocannon.Result) => r.errors + r.non2xx;
const reqPerSecond = (r: autocannon.Result) => r.requests.total / r.duration;

function report(runs: Run[]): boolean {
  const cols = ["database", "run", "requests", "req/s", "p50 ms", "p99 ms", "errors"];
  const widths = [9, 28, 9, 8, 8, 8, 7];
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
  console.log(
    `\nLoad on loopback, ${CONNECTIONS} connections; mix ${DURATION} s, baseline ${BASELINE_DURATION} s, after ${WARMUP} s of warm-up;` +
      ` ${cpus().length} CPU cores shared by the server, the database and autocannon; node ${process.version}`,
  );
  console.log(line(cols));
  let clean = true;
  for (const { backend, baseline, mix } of runs) {
    const a = mix.autocannon;
    const errors = mixErrors(mix);
    clean &&= errors === 0 && baselineErrors(baseline) === 0;
    console.log(
      line([
        backend,
        "baseline GET /healthz",
        baseline.requests.total,
        reqPerSecond(baseline).toFixed(0),
        baseline.latency.p50,
        baseline.latency.p99,
        baselineErrors(baseline),
      ]),
    );
    console.log(line([backend, "mix", a.requests.total, reqPerSecond(a).toFixed(0), a.latency.p50, a.latency.p99, errors]));
    console.log(
      line([
        backend,
        "mix / baseline",
        "",
        `${(reqPerSecond(a) / reqPerSecond(baseline)).toFixed(2)}×`,
        `${(a.latency.p50 / Math.max(baseline.latency.p50, 1)).toFixed(1)}×`,
        `${(a.latency.p99 / Math.max(baseline.latency.p99, 1)).toFixed(1)}×`,
        "",
      ]),
    );
    const total = Object.values(mix.byKind).reduce((n, k) => n + k.count, 0);
    for (const kind of ["overview", "register", "detail", "write"] as RequestKind[]) {
      const k = mix.byKind[kind];
      console.log(
        line([
          "",
          `  ${kind} (${((100 * k.count) / Math.max(total, 1)).toFixed(1)}%)`,
          k.count,
          (k.count / a.duration).toFixed(0),
          quantile(k.latencies, 0.5).toFixed(0),
          quantile(k.latencies, 0.99).toFixed(0),
          k.errors,
        ]),
      );
      if (k.errors > 0) console.log(`    statuses ${JSON.stringify(k.statuses)}; e.g. ${k.sample}`);
    }
    if (a.errors > 0) console.log(`    socket errors ${a.errors} (timeouts ${a.timeouts})`);
  }
  console.log(clean ? "\n0 errors: met" : "\nerrors: NOT met");
  return clean;
}

async function main() {
  const backends = parseBackends(process.argv.slice(2));
  const runs: Run[] = [];
  for (const backend of backends) runs.push(await benchmark(backend));
  if (!report(runs)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
