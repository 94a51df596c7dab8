import { bigint, integer, timestamp } from "drizzle-orm/pg-core";

/** Money in 万元 as an exact whole number; JS numbers are exact far beyond a province's totals. */
export const wan = (name?: string) => (name ? bigint(name, { mode: "number" }) : bigint({ mode: "number" }));

/** Optimistic-concurrency counter: the client sends the version it read, a stale one is refused. */
export const version = () => integer().notNull().default(1);

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
