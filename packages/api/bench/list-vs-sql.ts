/**
 * `npm run bench`: what the API adds over the SQL it runs, measured in one run on the demo district.
 *
 * For each read (the register's first page, a filtered page, the summary, a project page) it times
 *   sql — the query functions of @tracker/db called directly (the SQL and nothing else), and
 *   api — the same read through a tRPC caller: session lookup, role check, zod, the error formatter;
 * interleaved, after a warm-up, and prints medians, p95 and the ratio api / sql. Absolute times on a
 * shared machine mislead; the ratio is the figure to watch.
 *
 * Then the RAG colour of every project two ways in the same run: from the facts the database keeps
 * with every write (`ragColourOfFacts`, what every list and panel reads) against the rule computed from
 * the project's rows (`ragColourFromRowsSql`, how it was read before), with the ratio.
 *
 * PGlite in memory by default; BENCH_DATABASE_URL=postgres://… benchmarks a PostgreSQL database
 * (which must be empty or hold the demo district, or the province grown from it with
 * `npm run db:seed -- --scale N`). BENCH_ROUNDS sets the rounds (300).
 */
import { DEFAULT_SESSION_POLICY } from "@tracker/api";
import { openDatabase, rowsOf } from "@tracker/db";
import {
  dashboardSummary,
  getProject,
  investmentByMonth,
  leagueTables,
  listProjects,
  overdueItems,
  ragColourFromRowsSql,
  ragColourOfFacts,
  ragReasonCounts,
} from "@tracker/db/queries";
import { isEmpty, seedDemoDistrict } from "@tracker/db/seed";
import { sql } from "drizzle-orm";
import { createCaller } from "../src/root";
import { createContext } from "../src/trpc";

const TODAY = "2026-11-28";
const NOW = new Date(`${TODAY}T02:00:00Z`);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(url ? { databaseUrl: url } : { pgliteDir: "memory://" });
  await database.migrate();
  if (await isEmpty(database.db)) await seedDemoDistrict(database.db, { today: TODAY });
  const { db } = database;

  let token: string | undefined;
  const cookies = {
    get: () => token,
    set: (t: string) => {
      token = t;
    },
    clear: () => {
      token = undefined;
    },
  };
  const caller = () => createCaller(() => createContext({ db, cookies, now: () => NOW, sessionPolicy: DEFAULT_SESSION_POLICY }));
  await caller().auth.login({ username: "leadership", password: "Demo@2026" });
  const projectId = (await listProjects(db, { q: "民生天都星城", page: 1, pageSize: 1 }, TODAY)).items[0]!.id;

  const cases: { name: string; sql: () => Promise<unknown>; api: () => Promise<unknown> }[] = [
    {
      name: "projects.list page 1 (20 rows)",
      sql: () => listProjects(db, { page: 1, pageSize: 20 }, TODAY),
      api: () => caller().projects.list({ page: 1, pageSize: 20 }),
    },
    {
      name: "projects.list construction, by deadline",
      sql: () => listProjects(db, { stage: "construction", sort: { by: "deadline", dir: "asc" }, page: 1, pageSize: 50 }, TODAY),
      api: () => caller().projects.list({ stage: "construction", sort: { by: "deadline", dir: "asc" }, pageSize: 50 }),
    },
    {
      name: "dashboard.summary",
      sql: () => dashboardSummary(db, {}, TODAY),
      api: () => caller().dashboard.summary({}),
    },
    {
      name: "dashboard.ragReasons",
      sql: () => ragReasonCounts(db, {}, TODAY),
      api: () => caller().dashboard.ragReasons({}),
    },
    {
      name: "dashboard.investmentByMonth",
      sql: () => investmentByMonth(db, {}, TODAY),
      api: () => caller().dashboard.investmentByMonth({}),
    },
    {
      name: "dashboard.overdue",
      sql: () => overdueItems(db, {}, TODAY),
      api: () => caller().dashboard.overdue({}),
    },
    {
      name: "dashboard.leagues",
      sql: () => leagueTables(db, {}, TODAY),
      api: () => caller().dashboard.leagues({}),
    },
    {
      name: "projects.get",
      sql: () => getProject(db, projectId, TODAY, { withInvestorContacts: true }),
      api: () => caller().projects.get({ id: projectId }),
    },
  ];

  console.log(`database: ${database.kind}; ${ROUNDS} rounds each, interleaved, after ${Math.ceil(ROUNDS / 10)} warm-up rounds`);
  console.log(
    "read".padEnd(42),
    "sql p50".padStart(9),
    "api p50".padStart(9),
    "sql p95".padStart(9),
    "api p95".padStart(9),
    "api/sql".padStart(8),
  );
  for (const c of cases) {
    for (let i = 0; i < Math.ceil(ROUNDS / 10); i++) {
      await c.sql();
      await c.api();
    }
    const times = { sql: [] as number[], api: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const kind of i % 2 === 0 ? (["sql", "api"] as const) : (["api", "sql"] as const)) {
        const start = performance.now();
        await c[kind]();
        times[kind].push(performance.now() - start);
      }
    }
    const sqlSorted = times.sql.sort((a, b) => a - b);
    const apiSorted = times.api.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(2)}ms`.padStart(9);
    console.log(
      c.name.padEnd(42),
      ms(quantile(sqlSorted, 0.5)),
      ms(quantile(apiSorted, 0.5)),
      ms(quantile(sqlSorted, 0.95)),
      ms(quantile(apiSorted, 0.95)),
      `${(quantile(apiSorted, 0.5) / quantile(sqlSorted, 0.5)).toFixed(2)}×`.padStart(8),
    );
  }

  // The RAG colour of every project: kept facts against the rule from the rows, same run.
  const kept = () =>
    rowsOf(
      db,
      sql`select ${ragColourOfFacts(TODAY)} as rag, count(*)::int as n
          from projects left join project_facts on project_facts.project_id = projects.id group by 1 order by 1`,
    );
  const fromRows = () =>
    rowsOf(db, sql`select ${ragColourFromRowsSql(TODAY)} as rag, count(*)::int as n from projects group by 1 order by 1`);
  if (JSON.stringify(await kept()) !== JSON.stringify(await fromRows())) throw new Error("kept RAG facts differ from the rule");
  const rounds = Math.max(3, Math.ceil(ROUNDS / 30));
  const times = { kept: [] as number[], rows: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    for (const [kind, run] of [
      ["kept", kept],
      ["rows", fromRows],
    ] as const) {
      const start = performance.now();
      await run();
      times[kind].push(performance.now() - start);
    }
  }
  const p50 = (v: number[]) =>
    quantile(
      [...v].sort((a, b) => a - b),
      0.5,
    );
  console.log(
    `RAG of all projects (${rounds} rounds): kept facts ${p50(times.kept).toFixed(1)}ms, from rows ${p50(times.rows).toFixed(1)}ms, ` +
      `from rows / kept ${(p50(times.rows) / p50(times.kept)).toFixed(1)}×`,
  );
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
