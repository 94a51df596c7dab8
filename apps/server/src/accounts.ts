import { randomInt, randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { type Database, hashPassword, schema } from "@tracker/db";
import { unlockAccount } from "@tracker/db/queries";
import { checkPassword, type Role, usernameSchema } from "@tracker/domain";
import { asc, eq, sql } from "drizzle-orm";

/*
 * The privileged accounts (administrator, auditor) are managed here, from the server's command line,
 * never through the API: the system administrator may not create, reset or disable them
 * (separation of duties). Every act is an audit event of the "system" actor, naming the operating
 * system user who ran the command and the host.
 */

const { users, sessions, auditEvents } = schema;

/** A refusal the operator can act on: one line, exit code 1. */
export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccountError";
  }
}

/** Who ran the command, as the operating system knows them. */
export interface Operator {
  osUser: string | null;
  host: string;
}

export function currentOperator(): Operator {
  let osUser: string | null = null;
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry for this uid (a bare container): the event says so with null.
  }
  return { osUser, host: hostname() };
}

export interface AccountRow {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
}

/** Every account, by id. */
export function listAccounts(db: Database): Promise<AccountRow[]> {
  return db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      disabled: users.disabled,
    })
    .from(users)
    .orderBy(asc(users.id));
}

const PASSWORD_ALPHABETS = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "#%+=@^-_"];

/** A random 20-character password under the password rule (all four character classes). */
export function generatePassword(): string {
  const all = PASSWORD_ALPHABETS.join("");
  const chars = PASSWORD_ALPHABETS.map((a) => a[randomInt(a.length)]!);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

function assertPassword(password: string): void {
  const problem = checkPassword(password);
  if (problem === "too_short") throw new AccountError("the password is too short");
  if (problem === "too_long") throw new AccountError("the password is too long");
  if (problem === "too_few_classes")
    throw new AccountError("the password needs three of: upper case, lower case, digits, other characters");
}

async function audited(
  tx: Database,
  operator: Operator,
  now: Date,
  event: { userId: number; action: string; after: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditEvents).values({
    at: now,
    userId: null,
    role: "system",
    entity: "user",
    entityId: String(event.userId),
    action: event.action,
    after: { ...event.after, by: "npm run users", osUser: operator.osUser, host: operator.host },
    correlationId: `cli-${randomUUID()}`,
  });
}

async function accountNamed(db: Database, username: string) {
  const [account] = await db
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!account) throw new AccountError(`there is no account named ${username}`);
  return account;
}

/** Creates an administrator or auditor account with the given password. */
export async function createPrivilegedAccount(
  db: Database,
  input: { username: string; role: "admin" | "auditor"; password: string },
  operator: Operator,
  now: Date,
): Promise<AccountRow> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new AccountError("a user name is 3 to 64 letters, digits, _ . or -");
  assertPassword(input.password);
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.data.toLowerCase()));
  if (taken) throw new AccountError(`the user name ${username.data} is taken`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ username: username.data, role: input.role, passwordHash, passwordChangedAt: now, createdAt: now })
      .returning({
        id: users.id,
        username: users.username,
        role: users.role,
        disabled: users.disabled,
      });
    await audited(tx, operator, now, {
      userId: created!.id,
      action: "create",
      after: { id: created!.id, username: created!.username, role: created!.role },
    });
    return created!;
  });
}

/** Sets a new password, unlocks the account and ends its sessions. */
export async function resetPassword(db: Database, username: string, password: string, operator: Operator, now: Date) {
  assertPassword(password);
  const account = await accountNamed(db, username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, account.id));
    await unlockAccount(tx, account.username);
    await tx.delete(sessions).where(eq(sessions.userId, account.id));
    await audited(tx, operator, now, { userId: account.id, action: "set_password", after: { username: account.username } });
  });
  return account;
}

/** Disables (and signs out) or re-enables an account. */
export async function setAccountDisabled(db: Database, username: string, disabled: boolean, operator: Operator, now: Date) {
  const account = await accountNamed(db, username);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ disabled }).where(eq(users.id, account.id));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, account.id));
    await audited(tx, operator, now, {
      userId: account.id,
      action: disabled ? "disable" : "enable",
      after: { username: account.username, role: account.role },
    });
  });
  return account;
}

/** Lifts every sign-in lock of an account (any role: a lock grants nothing), audited. */
export async function unlockNamedAccount(db: Database, username: string, operator: Operator, now: Date) {
  const account = await accountNamed(db, username);
  const cleared = await db.transaction(async (tx) => {
    const n = await unlockAccount(tx, account.username);
    await audited(tx, operator, now, { userId: account.id, action: "unlock", after: { username: account.username, cleared: n } });
    return n;
  });
  return { account, cleared };
}
