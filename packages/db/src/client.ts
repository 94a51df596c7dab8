import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataDir } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle, usable wherever a Database is. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseKind = "pglite" | "postgres";

/**
 * Runs a raw statement and returns its rows, whichever driver is behind `db`: postgres.js gives an
 * array, PGlite an object with `rows`.
 */
export async function rowsOf<T>(db: Database, query: SQL | string): Promise<T[]> {
  const result = await db.execute(query as SQL);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies every migration in drizzle/ that the database has not seen. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (tests start from a seeded one). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throw-away database. */
  pgliteDir?: string | undefined;
  /** Start PGlite from a data-directory dump (tests use a pre-migrated, pre-seeded one). */
  pgliteDump?: Blob | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** Called with every statement drizzle sends and its parameters (tests read the plans of these). */
  logQuery?: ((query: string, params: unknown[]) => void) | undefined;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle", import.meta.url));

export class DatabaseUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    const where = safeUrl(url);
    const why = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`cannot reach PostgreSQL at ${where} (${why}); start it or fix DATABASE_URL`);
    this.name = "DatabaseUnreachableError";
  }
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "an invalid URL";
  }
}

/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given, else PGlite in a locked
 * data directory. Both speak the same schema and the same migrations.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const logger = options.logQuery ? { logQuery: options.logQuery } : undefined;
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10, logger);
  return openPglite(options.pgliteDir ?? "./.data/pglite", options.pgliteDump, logger);
}

/**
 * Error codes that mean "PostgreSQL is not there right now" rather than "this query is wrong": the
 * socket's (refused, reset, timed out), postgres.js's (its connection closed or could not open in
 * time), and PostgreSQL's own (class 08 connection exceptions; 57P01–57P03 shutting down, crashed,
 * starting up; 53300 too many connections).
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** True when the error (or one it wraps: drizzle wraps the driver's) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  }
  return false;
}

/**
 * PostgreSQL refused a value's text rather than the query: U+0000 or bytes that are not UTF-8 in
 * `text` (SQLSTATE 22021, "invalid byte sequence"), or `\u0000` in `jsonb` (22P05, "unsupported
 * Unicode escape sequence"). The input schemas refuse NUL first; this is the net under them.
 */
export function isInvalidText(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (code === "22021" || code === "22P05") return true;
  }
  return false;
}

/**
 * postgres.js settings for a server that must outlive a PostgreSQL restart. A connection that breaks
 * is replaced lazily by the next query; what matters is how long that query waits. By default
 * postgres.js backs off up to 20 s between attempts after repeated failures: requests then hang that
 * long during an outage and the pool comes back that late after it. Capped at half a second, a request
 * during an outage fails within ~0.5 s (refused) or `connect_timeout` (no answer), and the first after
 * PostgreSQL returns succeeds.
 */
export const POSTGRES_CLIENT_OPTIONS = {
  onnotice: () => {},
  connect_timeout: 3,
  backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
  /** Idle connections are closed after a minute and every connection renewed after half an hour. */
  idle_timeout: 60,
  max_lifetime: 30 * 60,
  /**
   * No parallel query workers for the server's statements: every one is a short indexed read or
   * write, and on a small machine starting two workers cost ~33 ms against 1 ms for the statement
   * (the overdue counts at 100,000 projects, whose row estimates cross the parallel threshold). Many
   * requests at once are the parallelism a web server wants. (A string: postgres.js drops falsy values.)
   */
  connection: { max_parallel_workers_per_gather: "0" },
} as const;

type QueryLogger = { logQuery(query: string, params: unknown[]): void } | undefined;

async function openPostgres(url: string, max: number, logger: QueryLogger): Promise<DatabaseHandle> {
  const client = postgres(url, { max, ...POSTGRES_CLIENT_OPTIONS });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnreachableError(url, error);
  }
  const db = drizzlePostgres({ client, schema, casing: "snake_case", logger });
  return {
    db: db as unknown as Database,
    kind: "postgres",
    migrate: async () => {
      // Up to date: nothing to do, and nothing asked of the role. The production set-up (README) runs
      // the server as a role that may not create schemas or tables; drizzle's migrator would try to.
      if (await migrationsApplied(client)) return;
      try {
        await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } catch (error) {
        const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
        if (code === "42501") throw new MigrationsPendingError(safeUrl(url));
        throw error;
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Migrations are pending and this role may not apply them (the server runs as the application role). */
export class MigrationsPendingError extends Error {
  constructor(where: string) {
    super(
      `the database at ${where} needs migrations this role may not apply: run \`npm run db:migrate\` as the owner role first`,
    );
  }
}

/** Whether every migration in drizzle/ is recorded as applied (the newest one's timestamp is there). */
async function migrationsApplied(client: postgres.Sql): Promise<boolean> {
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const newest = files.at(-1);
  if (!newest) return true;
  const [table] = await client`select to_regclass('drizzle.__drizzle_migrations') as name`;
  if (!table?.name) return false;
  const [row] = await client`select count(*)::int as n from drizzle.__drizzle_migrations
                             where created_at = ${newest.folderMillis}`;
  return Number(row?.n) > 0;
}

async function openPglite(dataDir: string, dump: Blob | undefined, logger: QueryLogger): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = dump ? await PGlite.create({ loadDataDir: dump }) : await PGlite.create({ dataDir });
  } catch (error) {
    release();
    throw error;
  }
  yieldBeforeQueries(client);
  const db = drizzlePglite({ client, schema, casing: "snake_case", logger });
  let closed = false;
  return {
    db: db as unknown as Database,
    kind: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    dumpDataDir: () => client.dumpDataDir("gzip"),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite runs each query synchronously on the event loop's thread, and a request's queries chain
 * through promises without giving the loop a turn: a busy server then reads new connections about
 * one per round of requests (a Node trait), and under 50 connections some waited over 10 s for their
 * first answer. Letting the loop run before each query (outside transactions, which hold PGlite's lock
 * anyway) keeps rounds short and new connections served within about a second; it costs microseconds.
 */
function yieldBeforeQueries(client: PGlite): void {
  const query = client.query.bind(client);
  client.query = (async (...args: Parameters<typeof query>) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return query(...args);
  }) as typeof client.query;
}
