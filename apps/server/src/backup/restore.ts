import { type Database, MIGRATIONS_FOLDER, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";
import { type MigrationMeta, readMigrationFiles } from "drizzle-orm/migrator";
import { qualifiedName, quoteIdent, readTables, setPortableTextFormats, type TableInfo, tableKey } from "./catalog";
import { type BackupHeader, type BackupSummary, readBackup, type SequenceState, verifyBackupFile } from "./file";

export interface RestoreOptions {
  /** Replace a database that holds data (without it, such a database is refused). */
  force?: boolean;
  /** The migrations of this version of the tracker (default: the repository's `drizzle/`). */
  migrationsFolder?: string;
  /** `verifyBackupFile` of the same path, already done by the caller (saves reading it twice). */
  verified?: BackupSummary;
}

export interface RestoreResult {
  header: BackupHeader;
  tables: number;
  rows: number;
  projects: number;
  auditEvents: number;
  /** Migrations newer than the backup, applied to its rows after loading them. */
  migrationsApplied: number;
  /** The database held data that the backup replaced (--force). */
  replaced: boolean;
  ms: number;
}

/** A restore that must not go ahead; nothing was changed. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

/**
 * Restores a backup into the database, all in one transaction: a failure at any point (a bad row, a
 * checksum that does not match at the end, a lost connection) leaves the database as it was.
 *
 * The database is rebuilt rather than emptied: everything the migrations made is dropped, the
 * backup's own migrations are replayed (so its rows meet the schema they were read from), the rows
 * are loaded with foreign keys and user triggers set aside — the audit log's append-only and hash-chain
 * triggers included, so its events keep the hashes they were backed up with — then the foreign keys
 * are re-added (which checks every row), each trigger is put back as it fired (ALWAYS for the audit
 * log's) and the sequences set where they were.
 * Migrations newer than the backup run last, on the restored rows, exactly as they would have run on
 * the original database; a backup from a newer version is refused.
 */
export async function restoreBackup(db: Database, path: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = performance.now();
  const summary = options.verified ?? (await verifyBackupFile(path));
  const { before, after } = planMigrations(summary.header, options.migrationsFolder ?? MIGRATIONS_FOLDER);

  const replaced = await db.transaction(async (tx) => {
    await setPortableTextFormats(tx);
    // A running server holding a table would otherwise make this wait without end.
    await tx.execute(sql`set local lock_timeout = '15s'`);

    const held = await dataHeld(tx);
    if (held && !options.force) {
      throw new RestoreRefusedError(`the database is not empty (${held}); add --force to replace everything in it`);
    }
    await dropTrackerObjects(tx);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    for (const migration of before) await runMigration(tx, migration);

    const targets = new Map((await readTables(tx)).map((t) => [tableKey(t), t]));
    const foreignKeys = await rowsOf<{ table: string; name: string; definition: string }>(
      tx,
      sql`select k.conrelid::regclass::text as "table", k.conname as name, pg_get_constraintdef(k.oid) as definition
          from pg_constraint k join pg_namespace n on n.oid = k.connamespace
          where k.contype = 'f' and n.nspname in ('public', 'drizzle')`,
    );
    for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table ${fk.table} drop constraint ${quoteIdent(fk.name)}`));
    // How each trigger fires (the audit log's fire ALWAYS, in replica mode too), to put back after loading.
    const triggers = await rowsOf<{ table: string; name: string; enabled: string }>(
      tx,
      sql`select g.tgrelid::regclass::text as "table", g.tgname as name, g.tgenabled as enabled
          from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
          where not g.tgisinternal and n.nspname in ('public', 'drizzle')`,
    );
    for (const t of targets.values()) await tx.execute(sql.raw(`alter table ${qualifiedName(t)} disable trigger user`));

    let insert: { target: TableInfo; columns: string; casts: string } | null = null;
    // The reader checks as it goes and the checksum last: a bad file throws before the commit.
    for await (const record of readBackup(path)) {
      if (record.kind === "header") {
        if (record.header.createdAt !== summary.header.createdAt)
          throw new RestoreRefusedError("the file changed while it was read");
      } else if (record.kind === "table") {
        const key = `${record.table.schema}.${record.table.name}`;
        const target = targets.get(key);
        const missing = target ? record.table.columns.find((c) => !target.columns.some((t) => t.name === c)) : undefined;
        if (!target || missing) {
          throw new RestoreRefusedError(
            `the backup's ${missing ? `column ${key}.${missing}` : `table ${key}`} is not in the schema its migrations make: the backup and drizzle/ do not match`,
          );
        }
        const typeOf = new Map(target.columns.map((c) => [c.name, c.type]));
        insert = {
          target,
          columns: record.table.columns.map(quoteIdent).join(", "),
          casts: record.table.columns.map((c, i) => `(r->>${i})::${typeOf.get(c)}`).join(", "),
        };
      } else if (record.kind === "rows") {
        if (!insert) throw new Error("rows before their table");
        // The rows stay the JSON text PostgreSQL wrote; PostgreSQL parses them again, by column type.
        await tx.execute(
          sql`insert into ${sql.raw(qualifiedName(insert.target))} (${sql.raw(insert.columns)}) overriding system value
              select ${sql.raw(insert.casts)} from json_array_elements(${`[${record.rows.join(",")}]`}::json) as r`,
        );
      } else {
        await setSequences(tx, record.sequences);
      }
    }

    for (const fk of foreignKeys) {
      await tx.execute(sql.raw(`alter table ${fk.table} add constraint ${quoteIdent(fk.name)} ${fk.definition}`));
    }
    for (const g of triggers) {
      const how =
        g.enabled === "A" ? "enable always" : g.enabled === "R" ? "enable replica" : g.enabled === "D" ? "disable" : "enable";
      await tx.execute(sql.raw(`alter table ${g.table} ${how} trigger ${quoteIdent(g.name)}`));
    }
    for (const migration of after) {
      await runMigration(tx, migration);
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
    return held !== null;
  });
  // Fresh statistics: the planner would otherwise take the restored tables for empty ones.
  await db.execute(sql`analyze`);

  const count = (name: string) => summary.header.tables.find((t) => t.name === name)?.rows ?? 0;
  return {
    header: summary.header,
    tables: summary.tables,
    rows: summary.rows,
    projects: count("public.projects"),
    auditEvents: count("public.audit_events"),
    migrationsApplied: after.length,
    replaced,
    ms: Math.round(performance.now() - started),
  };
}

/** The migrations to replay before loading (the backup's level) and after (newer ones). */
export function planMigrations(header: BackupHeader, folder: string): { before: MigrationMeta[]; after: MigrationMeta[] } {
  const code = readMigrationFiles({ migrationsFolder: folder });
  const known = new Set(code.map((m) => m.folderMillis));
  const unknown = header.migrations.find((m) => !known.has(m.createdAt));
  if (unknown) {
    throw new RestoreRefusedError(
      `the backup was made by another version of the tracker (its migration of ${new Date(unknown.createdAt).toISOString()} is not in drizzle/); restore it with that version`,
    );
  }
  const taken = new Set(header.migrations.map((m) => m.createdAt));
  const level = Math.max(0, ...taken);
  return {
    before: code.filter((m) => taken.has(m.folderMillis)),
    after: code.filter((m) => m.folderMillis > level),
  };
}

async function runMigration(db: Database, migration: MigrationMeta): Promise<void> {
  for (const statement of migration.sql) if (statement.trim()) await db.execute(sql.raw(statement));
}

/** What the database holds, in words ("364 projects"), or null when it is empty or has no schema. */
async function dataHeld(db: Database): Promise<string | null> {
  const tables = (await readTables(db)).filter((t) => t.schema === "public");
  let withRows = 0;
  let projects: number | null = null;
  for (const t of tables) {
    const [row] = await rowsOf<{ any: boolean }>(db, sql`select exists (select 1 from ${sql.raw(qualifiedName(t))}) as "any"`);
    if (row?.any) withRows++;
    if (t.name === "projects" && row?.any) {
      const [n] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(qualifiedName(t))}`);
      projects = n?.n ?? 0;
    }
  }
  if (withRows === 0) return null;
  const tablesText = `${withRows} ${withRows === 1 ? "table holds" : "tables hold"} rows`;
  return projects === null ? tablesText : `it holds ${projects} projects; ${tablesText}`;
}

/**
 * Drops what the migrations made: every table, view, sequence, routine and type in `public` (not
 * those of extensions, and not the schema itself, whose owner and grants stay) and the `drizzle`
 * schema. Inside the restore's transaction, so it is undone if the restore fails.
 */
async function dropTrackerObjects(db: Database): Promise<void> {
  const notFromExtension = (catalog: string, oid: string) =>
    `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;
  const statements = await rowsOf<{ statement: string }>(
    db,
    sql.raw(`
      select statement from (
        select 1 as phase, format('drop %s if exists %I.%I cascade',
                 case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                                when 'f' then 'foreign table' else 'table' end,
                 n.nspname, c.relname) as statement
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
          and not (c.relkind = 'r' and c.relispartition) and ${notFromExtension("pg_class", "c.oid")}
        union all
        select 2, format('drop %s if exists %I.%I(%s) cascade',
                 case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
                 n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and ${notFromExtension("pg_proc", "p.oid")}
        union all
        select 3, format('drop %s if exists %I.%I cascade', case t.typtype when 'd' then 'domain' else 'type' end,
                 n.nspname, t.typname)
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'public' and ${notFromExtension("pg_type", "t.oid")}
          and (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c'))
      ) s order by phase, statement`),
  );
  for (const { statement } of statements) await db.execute(sql.raw(statement));
  await db.execute(sql`drop schema if exists drizzle cascade`);
}

/**
 * Puts every sequence where the backup found it (so ids are never reused, not even those of deleted
 * rows), and never below the largest id restored.
 */
async function setSequences(db: Database, sequences: SequenceState[]): Promise<void> {
  for (const s of sequences) {
    const name = qualifiedName(s);
    const [present] = await rowsOf<{ ok: boolean }>(db, sql`select to_regclass(${name}) is not null as ok`);
    if (!present?.ok) continue;
    await db.execute(sql`select setval(${name}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`);
  }
  const owned = await rowsOf<{ sequence: string; table: string; column: string }>(
    db,
    sql`select s.oid::regclass::text as "sequence", t.oid::regclass::text as "table", quote_ident(a.attname) as "column"
        from pg_depend d
        join pg_class s on s.oid = d.objid and s.relkind = 'S'
        join pg_class t on t.oid = d.refobjid
        join pg_namespace n on n.oid = t.relnamespace
        join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
        where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
          and n.nspname in ('public', 'drizzle')`,
  );
  for (const o of owned) {
    await db.execute(
      sql.raw(`select setval('${o.sequence.replaceAll("'", "''")}', m) from (select max(${o.column}) as m from ${o.table}) x
               where m is not null and m >= (select case when is_called then last_value + 1 else last_value end from ${o.sequence})`),
    );
  }
}
