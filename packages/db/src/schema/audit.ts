import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { projects } from "./projects";

/** One event per change, written in the same transaction as the change itself. */
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
  },
  (t) => [
    index("audit_at_idx").on(t.at),
    index("audit_entity_idx").on(t.entity, t.entityId),
    index("audit_user_idx").on(t.userId, t.at),
    index("audit_project_idx").on(t.projectId, t.id),
  ],
);
