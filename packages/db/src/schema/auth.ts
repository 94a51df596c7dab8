import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { investors, people } from "./org";

export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    username: text().notNull(),
    /** argon2id PHC string. */
    passwordHash: text().notNull(),
    role: text({ enum: ["admin", "leadership", "leader", "owner", "unit_staff", "investor", "auditor"] }).notNull(),
    personId: integer().references(() => people.id),
    /** For the investor role: the company whose projects the user may see. */
    investorId: integer().references(() => investors.id),
    disabled: boolean().notNull().default(false),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(sql`lower(${t.username})`),
    check("users_role_ck", sql`${t.role} in ('admin','leadership','leader','owner','unit_staff','investor','auditor')`),
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
