import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
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
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return openPglite(options.pgliteDir ?? "./.data/pglite", options.pgliteDump);
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 5 });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnreachableError(url, error);
  }
  const db = drizzlePostgres({ client, schema, casing: "snake_case" });
  return {
    db: db as unknown as Database,
    kind: "postgres",
    migrate: () => migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string, dump?: Blob): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = dump ? await PGlite.create({ loadDataDir: dump }) : await PGlite.create({ dataDir });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
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
