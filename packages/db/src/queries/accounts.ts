/**
 * Accounts, passwords and the sessions of an account: the SQL behind sign-in, password changes and
 * the administrator's account screens. Never returns a hash except to the code that verifies it.
 */
import type { Role } from "@tracker/domain";
import { and, asc, desc, eq, ne, notInArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { passwordHistory, people, sessions, users } from "../schema";

/** What an administrator sees of an account: never its hash. */
const accountColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  personId: users.personId,
  personName: people.name,
  investorId: users.investorId,
  disabled: users.disabled,
  passwordChangedAt: users.passwordChangedAt,
  createdAt: users.createdAt,
};

/** Every account, by id. */
export function listAccounts(db: Database) {
  return db.select(accountColumns).from(users).leftJoin(people, eq(people.id, users.personId)).orderBy(asc(users.id));
}

/** One account with its hash, for sign-in and password checks: the username matches case-insensitively. */
export async function accountByUsername(db: Database, username: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  return user;
}

/** One account with its hash, by id. */
export async function accountById(db: Database, id: number) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** Whether a username is in use, ignoring case. */
export async function usernameTaken(db: Database, username: string): Promise<boolean> {
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  return taken !== undefined;
}

/** Inserts an account; its id, username and role. */
export async function insertAccount(
  tx: Database,
  values: {
    username: string;
    role: Role;
    personId: number | null;
    investorId: number | null;
    passwordHash: string;
    now: Date;
  },
) {
  const { now, ...rest } = values;
  const [created] = await tx
    .insert(users)
    .values({ ...rest, passwordChangedAt: now, createdAt: now })
    .returning({ id: users.id, username: users.username, role: users.role });
  return created!;
}

/** Disables or re-enables an account; undefined when there is none. */
export async function setAccountDisabled(tx: Database, id: number, disabled: boolean) {
  const [updated] = await tx
    .update(users)
    .set({ disabled })
    .where(eq(users.id, id))
    .returning({ id: users.id, disabled: users.disabled });
  return updated;
}

/** Ends an account's sessions, all of them or all but the one whose token hash is `except`. */
export async function endAccountSessions(tx: Database, userId: number, except?: string): Promise<void> {
  await tx.delete(sessions).where(and(eq(sessions.userId, userId), except ? ne(sessions.tokenHash, except) : undefined));
}

/** The account's current password hash and up to `earlier` of the hashes it replaced, newest first. */
export async function recentPasswordHashes(db: Database, userId: number, earlier: number): Promise<string[]> {
  const [current] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  const before = await db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.changedAt), desc(passwordHistory.id))
    .limit(earlier);
  return [...(current ? [current.hash] : []), ...before.map((r) => r.hash)];
}

/**
 * Sets an account's password inside `tx`: the old hash goes into the history (the newest `keep`
 * are kept) and the password's age starts again at `now`. False when there is no such account.
 */
export async function replacePassword(
  tx: Database,
  userId: number,
  passwordHash: string,
  now: Date,
  keep: number,
): Promise<boolean> {
  const [old] = await tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!old) return false;
  await tx.insert(passwordHistory).values({ userId, passwordHash: old.hash, changedAt: now });
  const kept = tx
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.changedAt), desc(passwordHistory.id))
    .limit(keep);
  await tx.delete(passwordHistory).where(and(eq(passwordHistory.userId, userId), notInArray(passwordHistory.id, kept)));
  await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
  return true;
}
