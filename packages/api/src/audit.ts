import { type Database, schema } from "@tracker/db";
import { lastChange } from "@tracker/db/queries";
import { type EntityName, message } from "./messages";
import type { SessionUser } from "./session";
import { type Context, userError } from "./trpc";

type SignedIn = Context & { user: SessionUser };

/** One audit event, written by the caller inside the transaction of the change it records. */
export async function audit(
  tx: Database,
  ctx: SignedIn,
  event: {
    entity: EntityName | "user" | "district" | "auditLog";
    entityId: number | string;
    action: string;
    before?: unknown;
    after?: unknown;
    /** The project the change belongs to; by default the project itself or the record's `projectId`. */
    projectId?: number | null;
  },
): Promise<void> {
  await tx.insert(schema.auditEvents).values({
    projectId: event.projectId !== undefined ? event.projectId : projectOf(event),
    userId: ctx.user.id,
    role: ctx.user.role,
    entity: event.entity,
    entityId: String(event.entityId),
    action: event.action,
    before: event.before ?? null,
    after: event.after ?? null,
    clientIp: ctx.clientIp,
    correlationId: ctx.correlationId,
    at: ctx.now(),
  });
}

/**
 * A sign-in event (login, a failed or refused attempt): anonymous until the password is right, so the
 * account, if any, is named by the caller rather than taken from the session.
 */
export async function auditSignIn(
  db: Database,
  ctx: Context,
  action: string,
  user: { id: number; role: string } | undefined,
  after: Record<string, unknown> | null,
): Promise<void> {
  await db.insert(schema.auditEvents).values({
    userId: user?.id ?? null,
    role: user?.role ?? null,
    entity: "user",
    entityId: user ? String(user.id) : null,
    action,
    after,
    clientIp: ctx.clientIp,
    correlationId: ctx.correlationId,
    at: ctx.now(),
  });
}

function projectIdField(record: unknown): number | null {
  if (record && typeof record === "object" && "projectId" in record && typeof record.projectId === "number")
    return record.projectId;
  return null;
}

/** Which project an event is about: the project (or its five-fixed, keyed by project id), else the record's projectId. */
function projectOf(event: { entity: string; entityId: number | string; before?: unknown; after?: unknown }): number | null {
  if (event.entity === "project" || event.entity === "fiveFixed") return Number(event.entityId);
  return projectIdField(event.after) ?? projectIdField(event.before);
}

/**
 * The CONFLICT a stale write gets: it names who made the last change and when, from the audit log.
 */
export async function conflict(db: Database, ctx: SignedIn, entity: EntityName, entityId: number) {
  const last = await lastChange(db, entity, entityId);
  const who = last?.name ?? last?.username ?? message(ctx.locale, "someone");
  const when = last
    ? new Intl.DateTimeFormat(ctx.locale, { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(last.at)
    : "-";
  return userError(ctx, "CONFLICT", "conflict", { entity: message(ctx.locale, `entity.${entity}`), who, when });
}

/** NOT_FOUND for a missing record; a project has its own message (the one investors get for another company's). */
export function notFound(ctx: SignedIn, entity: EntityName) {
  if (entity === "project") return userError(ctx, "NOT_FOUND", "projectNotFound");
  return userError(ctx, "NOT_FOUND", "notFound", { entity: message(ctx.locale, `entity.${entity}`) });
}

export { message };
