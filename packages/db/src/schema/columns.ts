import { type SQL, sql } from "drizzle-orm";
import { bigint, integer, timestamp } from "drizzle-orm/pg-core";

/** Money in 万元 as an exact whole number; JS numbers are exact far beyond a province's totals. */
export const wan = (name?: string) => (name ? bigint(name, { mode: "number" }) : bigint({ mode: "number" }));

/** Optimistic-concurrency counter: the client sends the version it read, a stale one is refused. */
export const version = () => integer().notNull().default(1);

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** `'a','b',…` from one of the domain's tuples. The tuples are code, not input; anything but snake_case is refused. */
export function quotedList(values: readonly string[]): string {
  for (const value of values) if (!/^[a-z_]+$/.test(value)) throw new Error(`not an enumeration value: ${value}`);
  return values.map((value) => `'${value}'`).join(",");
}

/** `('a','b',…)` for `in` / `not in`, so a CHECK and the TypeScript type of its column come from one tuple. */
export function sqlList(values: readonly string[]): SQL {
  return sql.raw(`(${quotedList(values)})`);
}
