import { type Database, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";
import { qualifiedName, quoteIdent, readSequences, readTables, setPortableTextFormats, tableKey } from "./catalog";

/**
 * What two databases must share to hold the same data: per table its row count and the MD5 of all
 * its rows' text in key order, and per sequence its position. Text formats are pinned (UTC, ISO
 * dates), so PGlite and PostgreSQL fingerprint the same data alike. Tests compare a restore with its
 * source by this.
 */
export async function fingerprint(db: Database): Promise<Record<string, string>> {
  return db.transaction(
    async (tx) => {
      await setPortableTextFormats(tx);
      const result: Record<string, string> = {};
      for (const table of await readTables(tx)) {
        const order = table.primaryKey.length > 0 ? table.primaryKey.map((k) => `t.${quoteIdent(k)}`).join(", ") : "t::text";
        const [row] = await rowsOf<{ n: number; md5: string }>(
          tx,
          sql.raw(
            `select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by ${order}), '')) as md5 from ${qualifiedName(table)} t`,
          ),
        );
        result[tableKey(table)] = `${row?.n} rows, md5 ${row?.md5}`;
      }
      for (const sequence of await readSequences(tx)) {
        const [row] = await rowsOf<{ state: string }>(
          tx,
          sql.raw(
            `select last_value::text || case when is_called then '' else ' (not called)' end as state from ${qualifiedName(sequence)}`,
          ),
        );
        result[`sequence ${tableKey(sequence)}`] = row?.state ?? "";
      }
      return result;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
