import { ROLES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, sqlList } from "./columns";
import { investors, people } from "./org";

export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    username: text().notNull(),
    /** argon2id PHC string. */
    passwordHash: text().notNull(),
    role: text({ enum: ROLES }).notNull(),
    personId: integer().references(() => people.id),
    /** For the investor role: the company whose projects the user may see. */
    investorId: integer().references(() => investors.id),
    disabled: boolean().notNull().default(false),
    /** When the password was last set; it expires after the configured number of days. */
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(sql`lower(${t.username})`),
    check("users_role_ck", sql`${t.role} in ${sqlList(ROLES)}`),
    check("users_investor_ck", sql`(${t.role} = 'investor') = (${t.investorId} is not null)`),
  ],
);

/** Server-side sessions; the cookie carries a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: serial().primaryKey(),
    tokenHash: text().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    clientIp: text(),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** The hashes of a user's earlier passwords: a new password may not repeat the last few. */
export const passwordHistory = pgTable(
  "password_history",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    passwordHash: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("password_history_user_idx").on(t.userId, t.changedAt)],
);

/**
 * Sign-in counters shared by every server, keyed by what they limit:
 * - `address:<ip>`: attempts from one client address in a fixed window;
 * - `account:<lower username>|<ip>`: failures in a row for one account from one address, and the
 *   lock they lead to. Unknown usernames are counted the same way, so a lock says nothing about
 *   whether the account exists, and a lock from one address does not shut the rightful user out.
 * Counted with one atomic upsert each, so parallel or batched attempts cannot race past the limit.
 */
export const loginThrottles = pgTable(
  "login_throttles",
  {
    key: text().primaryKey(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    /** Attempts counted in the window (address) or failures in a row, reserved before the check (account). */
    count: integer().notNull(),
    lockedUntil: timestamp({ withTimezone: true }),
    /** Attempts refused in this window or lock; only the first is written to the audit log. */
    refused: integer().notNull().default(0),
  },
  (t) => [index("login_throttles_window_idx").on(t.windowStart), check("login_throttles_count_ck", sql`${t.count} >= 0`)],
);
