import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { type DatabaseHandle, type DatabaseKind, openDatabase } from "../client";

/** The "today" every test district is seeded for and every test asks about. */
export const TEST_TODAY = "2026-11-28";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDumpPath: string;
    postgresTemplate: string | null;
  }
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testBackends(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase extends DatabaseHandle {
  /** Closes and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
}

let counter = 0;

/**
 * A database of its own for one test file: the seeded demo district (from the global setup's
 * snapshot: a PGlite dump, or a PostgreSQL template database), or an empty one.
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: {
    seeded?: boolean;
    /** PostgreSQL's pool (4 unless told). */
    maxConnections?: number;
    logQuery?: (query: string, params: unknown[]) => void;
  } = {},
): Promise<TestDatabase> {
  const seeded = options.seeded ?? true;
  if (kind === "pglite") {
    const dump = seeded ? new Blob([await readFile(inject("pgliteDumpPath"))]) : undefined;
    const handle = await openDatabase({ pgliteDir: "memory://", pgliteDump: dump, logQuery: options.logQuery });
    return { ...handle, dispose: () => handle.close() };
  }
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `tracker_t_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    const template = inject("postgresTemplate");
    if (seeded && !template) throw new Error("the global setup made no PostgreSQL template");
    await admin.unsafe(seeded ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    databaseUrl: databaseUrlFor(baseUrl, name),
    maxConnections: options.maxConnections ?? 4,
    logQuery: options.logQuery,
  });
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
