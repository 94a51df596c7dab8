import { type SQL, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/** The ids a query selects (as `id`), as numbers. */
export async function ids(db: Database, query: SQL): Promise<number[]> {
  return (await rowsOf<{ id: number }>(db, query)).map((r) => Number(r.id));
}

/** The inside of an `in (…)` of ids; none is `in (null)`, which matches nothing. */
export function idList(values: number[]): SQL {
  return values.length === 0
    ? sql`null`
    : sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      );
}
