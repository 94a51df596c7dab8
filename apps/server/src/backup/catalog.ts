import { type Database, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";

/*
 * What a backup covers, read from the database's own catalogue rather than from the drizzle schema:
 * every table the migrations create (schema `public`) and drizzle's record of the migrations applied
 * (schema `drizzle`). Reading the catalogue means a table added by a later migration is backed up
 * without anyone remembering to list it here.
 */

export const BACKUP_SCHEMAS = ["public", "drizzle"] as const;
const SCHEMAS_SQL = sql.raw(`('public', 'drizzle')`);

export interface ColumnInfo {
  name: string;
  /** `format_type()`: valid as a cast, e.g. `timestamp with time zone`, `text[]`, `numeric(12,2)`. */
  type: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  /** Insertable columns in their order (generated columns are left out: they are recomputed). */
  columns: ColumnInfo[];
  /** Primary-key columns in key order; empty when the table has none. */
  primaryKey: string[];
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(table: { schema: string; name: string }): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** `schema.name`, as backups and messages name a table. */
export function tableKey(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}

/**
 * The backed-up tables, parents before children (foreign keys), ties by name; a cycle, which the
 * schema does not have today, falls back to name order (restore drops and re-adds foreign keys, so
 * order is a courtesy, not a requirement).
 */
export async function readTables(db: Database): Promise<TableInfo[]> {
  const tables = await rowsOf<{ schema: string; name: string }>(
    db,
    sql`select n.nspname as schema, c.relname as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ${SCHEMAS_SQL} and c.relkind in ('r', 'p') and not c.relispartition
        order by n.nspname, c.relname`,
  );
  const columns = await rowsOf<{ schema: string; table: string; name: string; type: string }>(
    db,
    sql`select n.nspname as schema, c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ${SCHEMAS_SQL} and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
          and a.attgenerated = ''
        order by n.nspname, c.relname, a.attnum`,
  );
  const keys = await rowsOf<{ schema: string; table: string; name: string }>(
    db,
    sql`select n.nspname as schema, c.relname as "table", a.attname as name
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
        where i.indisprimary and n.nspname in ${SCHEMAS_SQL}
        order by n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
        join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
        where k.contype = 'f' and cn.nspname in ${SCHEMAS_SQL}`,
  );

  const byKey = new Map<string, TableInfo>();
  for (const t of tables) byKey.set(tableKey(t), { schema: t.schema, name: t.name, columns: [], primaryKey: [] });
  for (const c of columns) byKey.get(`${c.schema}.${c.table}`)?.columns.push({ name: c.name, type: c.type });
  for (const k of keys) byKey.get(`${k.schema}.${k.table}`)?.primaryKey.push(k.name);

  // Kahn's algorithm over the foreign keys; self-references do not hold a table back.
  const parents = new Map<string, Set<string>>([...byKey.keys()].map((k) => [k, new Set<string>()]));
  for (const r of references) if (r.child !== r.parent && byKey.has(r.parent)) parents.get(r.child)?.add(r.parent);
  const ordered: TableInfo[] = [];
  const pending = [...byKey.keys()].sort();
  while (pending.length > 0) {
    const ready = pending.findIndex((k) => [...parents.get(k)!].every((p) => !pending.includes(p)));
    const [next] = pending.splice(ready === -1 ? 0 : ready, 1);
    ordered.push(byKey.get(next!)!);
  }
  return ordered;
}

export interface SequenceInfo {
  schema: string;
  name: string;
}

export async function readSequences(db: Database): Promise<SequenceInfo[]> {
  return rowsOf<SequenceInfo>(
    db,
    sql`select n.nspname as schema, c.relname as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ${SCHEMAS_SQL} and c.relkind = 'S'
        order by n.nspname, c.relname`,
  );
}

/** Session settings that make every value's text form unambiguous (as pg_dump sets them). */
export async function setPortableTextFormats(db: Database): Promise<void> {
  await db.execute(sql`set local datestyle = 'ISO, YMD'`);
  await db.execute(sql`set local intervalstyle = 'postgres'`);
  await db.execute(sql`set local timezone = 'UTC'`);
  await db.execute(sql`set local extra_float_digits = 3`);
  await db.execute(sql`set local bytea_output = 'hex'`);
  await db.execute(sql`set local statement_timeout = 0`);
}
