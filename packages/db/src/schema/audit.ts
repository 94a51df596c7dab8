import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { projects } from "./projects";

/** The hash the first event's `prev_hash` holds: there is no event before it. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/**
 * One event per change, written in the same transaction as the change itself. The table is
 * append-only and hash-chained by triggers (drizzle/0008_audit_hash_chain.sql): every row carries the
 * SHA-256 of its content and of the row before it, computed by the database whoever inserts.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userId: integer().references(() => users.id),
    role: text(),
    entity: text().notNull(),
    entityId: text(),
    /** The project the change belongs to (a project, or one of its milestones, permits, …); null otherwise. */
    projectId: integer().references(() => projects.id),
    action: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    clientIp: text(),
    correlationId: text(),
    /** The previous event's `hash` (AUDIT_GENESIS_HASH for the first); set by the insert trigger. */
    prevHash: text().notNull().default(""),
    /** SHA-256 (hex) of `prev_hash` and this event's canonical content; set by the insert trigger. */
    hash: text().notNull().default(""),
  },
  (t) => [
    index("audit_at_idx").on(t.at),
    index("audit_entity_idx").on(t.entity, t.entityId),
    index("audit_user_idx").on(t.userId, t.at),
    index("audit_project_idx").on(t.projectId, t.id),
  ],
);

/**
 * The head of the audit chain: one row, the last event's id and hash. The insert trigger locks it
 * (FOR UPDATE), which serializes writers so that concurrent inserts chain one after another, and
 * verification compares it with the last row, so that deleting the newest events is seen too.
 */
export const auditChainHead = pgTable(
  "audit_chain_head",
  {
    id: smallint().primaryKey().default(1),
    lastId: bigint({ mode: "number" }).notNull().default(0),
    lastHash: text().notNull().default(AUDIT_GENESIS_HASH),
  },
  (t) => [check("audit_chain_head_one_row", sql`${t.id} = 1`)],
);
