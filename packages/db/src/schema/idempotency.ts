import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Creates a client may retry: the key the client sent with it (per user), what was asked (a hash of
 * the input without the key) and what was answered. Written in the same transaction as the record the
 * create made, so there is never a record without its key, nor a key without its record.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** The procedure's path, e.g. `projects.create`. */
    procedure: text().notNull(),
    /** SHA-256 (hex) of the canonical JSON input without the key; argon2id where the input holds a password. */
    requestHash: text().notNull(),
    /** The answer, as JSON; set before the transaction commits. */
    response: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);
