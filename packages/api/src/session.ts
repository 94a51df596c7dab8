import { createHash, randomBytes } from "node:crypto";
import { type Database, schema } from "@tracker/db";
import type { Role } from "@tracker/domain";
import { eq, lt, or } from "drizzle-orm";

const { sessions, users, people } = schema;

export interface SessionPolicy {
  /** A session ends after this long without a request. */
  idleMs: number;
  /** …and this long after sign-in, whatever happens. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  personId: number | null;
  personName: string | null;
  unitId: number | null;
  investorId: number | null;
  /** When the password was last set: past the maximum age, only a password change is allowed. */
  passwordChangedAt: Date;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(db: Database, userId: number, now: Date, policy: SessionPolicy, clientIp: string | null) {
  const token = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteMs),
    clientIp,
  });
  return token;
}

/**
 * The user behind a session token, or null when the token is unknown, idle too long or past its
 * absolute end. Touches the session so that activity keeps it alive.
 */
export async function resolveSession(db: Database, token: string, now: Date, policy: SessionPolicy): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      username: users.username,
      role: users.role,
      disabled: users.disabled,
      personId: users.personId,
      personName: people.name,
      unitId: people.unitId,
      investorId: users.investorId,
      passwordChangedAt: users.passwordChangedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(people, eq(people.id, users.personId))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return null;
  const idleFor = now.getTime() - row.lastSeenAt.getTime();
  if (row.disabled || row.expiresAt <= now || idleFor > policy.idleMs) {
    await db.delete(sessions).where(eq(sessions.id, row.sessionId));
    return null;
  }
  // Touch at most every 30 s: one write per request would double the cost of every read.
  if (idleFor > 30_000) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    personId: row.personId,
    personName: row.personName,
    unitId: row.unitId,
    investorId: row.investorId,
    passwordChangedAt: row.passwordChangedAt,
  };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** Removes sessions that can no longer be used. */
export async function purgeSessions(db: Database, now: Date, policy: SessionPolicy): Promise<void> {
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs))));
}
