import { type Database, type DatabaseKind, rowsOf } from "@tracker/db";
import { type SQL, sql } from "drizzle-orm";
import {
  qualifiedName,
  quoteIdent,
  readSequences,
  readTables,
  setPortableTextFormats,
  type TableInfo,
  tableKey,
} from "./catalog";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  BackupWriter,
  backupFileName,
  type SequencesRecord,
  type TableSection,
} from "./file";

export interface BackupOptions {
  /** Directory the file goes to; created when missing. */
  dir: string;
  /** Clock for the file's name and header (tests fix it). */
  now?: () => Date;
  /** Name it as a scheduled backup (`…-scheduled.ndjson.gz`): only those are pruned. */
  scheduled?: boolean;
  /** Rows per statement while reading a table (default 5,000). */
  pageRows?: number;
  /** Stops between pages (server shutdown); the temporary file is removed. */
  signal?: AbortSignal;
}

export interface BackupResult {
  path: string;
  /** Size of the file on disk. */
  bytes: number;
  createdAt: Date;
  tables: { name: string; rows: number }[];
  rows: number;
  projects: number;
  auditEvents: number;
  ms: number;
}

/** The database holds no tracker schema: a backup of it would restore nothing. */
export class NothingToBackUpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NothingToBackUpError";
  }
}

/**
 * Writes a complete backup of the database to one new file in `options.dir`: every table of the
 * schema and drizzle's migrations table, read in one repeatable-read snapshot (on PGlite, which has
 * one connection, requests wait while it runs), plus every sequence's position.
 */
export async function writeBackup(db: Database, kind: DatabaseKind, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const createdAt = (options.now ?? (() => new Date()))();
  const pageRows = options.pageRows ?? 5_000;
  const writer = await BackupWriter.create(options.dir, createdAt);
  try {
    const tables = await db.transaction(
      async (tx) => {
        await setPortableTextFormats(tx);
        const [schema] = await rowsOf<{ present: boolean }>(
          tx,
          sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
        );
        if (!schema?.present) {
          throw new NothingToBackUpError(
            "the database has no tracker schema (no migrations applied): there is nothing to back up",
          );
        }
        const catalog = await readTables(tx);
        const counted: { info: TableInfo; rows: number }[] = [];
        for (const info of catalog) {
          const [row] = await rowsOf<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.raw(qualifiedName(info))}`);
          counted.push({ info, rows: Number(row?.n ?? 0) });
        }
        const migrations = await rowsOf<{ hash: string; createdAt: string }>(
          tx,
          sql`select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by created_at, id`,
        );
        const [version] = await rowsOf<{ v: string }>(tx, sql`select current_setting('server_version') as v`);
        const header: BackupHeader = {
          kind: "header",
          format: BACKUP_FORMAT,
          version: BACKUP_FORMAT_VERSION,
          createdAt: createdAt.toISOString(),
          source: kind,
          serverVersion: version?.v ?? "unknown",
          migrations: migrations.map((m) => ({ hash: m.hash, createdAt: Number(m.createdAt) })),
          tables: counted.map((t) => ({ name: tableKey(t.info), rows: t.rows })),
        };
        await writer.line(header);

        for (const { info, rows } of counted) {
          const section: TableSection = {
            kind: "table",
            schema: info.schema,
            name: info.name,
            columns: info.columns.map((c) => c.name),
            types: info.columns.map((c) => c.type),
            rows,
          };
          await writer.line(section);
          writer.countTable();
          const written = await copyRows(tx, info, writer, pageRows, options.signal);
          // The snapshot makes this impossible; if it ever happens the file must not look valid.
          if (written !== rows) throw new Error(`${tableKey(info)} gave ${written} rows, counted ${rows}`);
        }

        const sequences: SequencesRecord = { kind: "sequences", sequences: [] };
        for (const s of await readSequences(tx)) {
          const [state] = await rowsOf<{ lastValue: string; isCalled: boolean }>(
            tx,
            sql`select last_value::text as "lastValue", is_called as "isCalled" from ${sql.raw(qualifiedName(s))}`,
          );
          if (state)
            sequences.sequences.push({ schema: s.schema, name: s.name, lastValue: state.lastValue, isCalled: state.isCalled });
        }
        await writer.line(sequences);
        return header.tables;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    const { path, bytes } = await writer.commit((attempt) =>
      backupFileName(createdAt, { scheduled: options.scheduled ?? false, attempt }),
    );
    const countOf = (name: string) => tables.find((t) => t.name === name)?.rows ?? 0;
    return {
      path,
      bytes,
      createdAt,
      tables,
      rows: tables.reduce((sum, t) => sum + t.rows, 0),
      projects: countOf("public.projects"),
      auditEvents: countOf("public.audit_events"),
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Streams one table's rows in primary-key order, a page at a time (keyset pagination), each value
 * cast to text by PostgreSQL itself: no value passes through a JavaScript number or Date, so bigint,
 * numeric, timestamps with microseconds and jsonb come back exactly as they were.
 */
async function copyRows(
  db: Database,
  table: TableInfo,
  writer: BackupWriter,
  pageRows: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  const select = sql.raw(table.columns.map((c, i) => `${quoteIdent(c.name)}::text as c${i}`).join(", "));
  const from = sql.raw(qualifiedName(table));
  const keyIndexes = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
  const paged = keyIndexes.length > 0 && keyIndexes.every((i) => i >= 0);
  const key = sql.raw(table.primaryKey.map(quoteIdent).join(", "));
  let written = 0;
  let after: (string | null)[] | null = null;
  for (;;) {
    signal?.throwIfAborted();
    let query: SQL;
    if (!paged) query = sql`select ${select} from ${from}`;
    else if (!after) query = sql`select ${select} from ${from} order by ${key} limit ${sql.raw(String(pageRows))}`;
    else {
      const last = after;
      const bound = sql.join(
        keyIndexes.map((i, n) => sql`${last[n]}::${sql.raw(table.columns[i]!.type)}`),
        sql`, `,
      );
      query = sql`select ${select} from ${from} where (${key}) > (${bound}) order by ${key} limit ${sql.raw(String(pageRows))}`;
    }
    const rows = await rowsOf<Record<string, string | null>>(db, query);
    for (const row of rows) {
      await writer.row(table.columns.map((_, i) => row[`c${i}`] ?? null));
    }
    written += rows.length;
    const lastRow = rows.at(-1);
    if (!paged || rows.length < pageRows || !lastRow) return written;
    after = keyIndexes.map((i) => lastRow[`c${i}`] ?? null);
  }
}
