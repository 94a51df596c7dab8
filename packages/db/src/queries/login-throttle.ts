import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/**
 * Sign-in limits, kept in the database so that every server behind a load balancer counts the same
 * attempts (see schema `login_throttles`). Each count is one atomic upsert: attempts made in parallel
 * or in one batch are serialised on the row and cannot all read the same old count.
 */
export interface LoginThrottlePolicy {
  /** Attempts per client address in a fixed window, across all accounts; null: no address limit. */
  address: { maxAttempts: number; windowMs: number } | null;
  /** Failures in a row for one username from one address before that pair is locked, and for how long. */
  account: { failures: number; lockMs: number };
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  address: null,
  account: { failures: 5, lockMs: 30 * 60_000 },
};

const addressKey = (address: string) => `address:${address}`;
const accountPrefix = (username: string) => `account:${username.trim().toLowerCase()}|`;
const accountKey = (username: string, address: string) => `${accountPrefix(username)}${address}`;

/**
 * Counts one attempt from `address`. `allowed` is false once the window's attempts exceed the limit;
 * `firstRefusal` is true for the first refused attempt of a window (the one worth an audit event).
 */
export async function countAddressAttempt(
  db: Database,
  address: string,
  now: Date,
  limit: { maxAttempts: number; windowMs: number },
): Promise<{ allowed: boolean; firstRefusal: boolean; attempts: number }> {
  const nowIso = now.toISOString();
  const windowOver = sql`t.window_start <= ${new Date(now.getTime() - limit.windowMs).toISOString()}::timestamptz`;
  const [row] = await rowsOf<{ count: number; refused: number }>(
    db,
    sql`insert into login_throttles as t (key, window_start, count, refused)
        values (${addressKey(address)}, ${nowIso}::timestamptz, 1, ${1 > limit.maxAttempts ? 1 : 0})
        on conflict (key) do update set
          window_start = case when ${windowOver} then ${nowIso}::timestamptz else t.window_start end,
          count = case when ${windowOver} then 1 else t.count + 1 end,
          refused = case when ${windowOver} then 0
                         when t.count + 1 > ${limit.maxAttempts} then t.refused + 1
                         else t.refused end
        returning count, refused`,
  );
  const attempts = Number(row?.count ?? 1);
  const allowed = attempts <= limit.maxAttempts;
  return { allowed, firstRefusal: !allowed && Number(row?.refused) === 1, attempts };
}

export type AccountAttempt = { kind: "check" } | { kind: "locked"; lockedUntil: Date; firstRefusal: boolean };

/**
 * Reserves one failure for `username` from `address` before the password is checked: a guess counts
 * even while it is still being checked, so N parallel guesses cannot all pass as "the first". A pair
 * whose lock has run out, or whose first failure is older than the lock time, starts afresh. After a
 * check: `recordFailure` (which locks at the limit) or `clearAccountFailures` on success.
 */
export async function reserveAccountAttempt(
  db: Database,
  username: string,
  address: string,
  now: Date,
  policy: LoginThrottlePolicy["account"],
): Promise<AccountAttempt> {
  const nowIso = now.toISOString();
  const stale = sql`((t.locked_until is not null and t.locked_until <= ${nowIso}::timestamptz)
      or (t.locked_until is null and t.window_start <= ${new Date(now.getTime() - policy.lockMs).toISOString()}::timestamptz))`;
  const [row] = await rowsOf<{ count: number; refused: number; lockedUntilMs: number | null }>(
    db,
    sql`insert into login_throttles as t (key, window_start, count)
        values (${accountKey(username, address)}, ${nowIso}::timestamptz, 1)
        on conflict (key) do update set
          count = case when ${stale} then 1 else t.count + 1 end,
          window_start = case when ${stale} then ${nowIso}::timestamptz else t.window_start end,
          locked_until = case when ${stale} then null else t.locked_until end,
          refused = case when ${stale} then 0
                         when t.locked_until is not null or t.count + 1 > ${policy.failures} then t.refused + 1
                         else t.refused end
        returning count, refused, (extract(epoch from locked_until) * 1000)::float8 as "lockedUntilMs"`,
  );
  const count = Number(row?.count ?? 1);
  const lockedUntilMs = row?.lockedUntilMs == null ? null : Number(row.lockedUntilMs);
  if (lockedUntilMs !== null || count > policy.failures) {
    return {
      kind: "locked",
      // Over the limit while the failure that locks is still being checked: locked for the full time.
      lockedUntil: new Date(lockedUntilMs ?? now.getTime() + policy.lockMs),
      firstRefusal: Number(row?.refused) === 1,
    };
  }
  return { kind: "check" };
}

/** After a wrong password: locks the pair once its failures reach the limit. Returns whether it did. */
export async function recordFailure(
  db: Database,
  username: string,
  address: string,
  now: Date,
  policy: LoginThrottlePolicy["account"],
): Promise<boolean> {
  const [row] = await rowsOf<{ key: string }>(
    db,
    sql`update login_throttles set locked_until = ${new Date(now.getTime() + policy.lockMs).toISOString()}::timestamptz
        where key = ${accountKey(username, address)} and count >= ${policy.failures} and locked_until is null
        returning key`,
  );
  return Boolean(row);
}

/** After a right password: the pair's failures are forgotten. */
export async function clearAccountFailures(db: Database, username: string, address: string): Promise<void> {
  await db.execute(sql`delete from login_throttles where key = ${accountKey(username, address)}`);
}

/** The addresses `username` is locked out from at `now`. */
export async function accountLocks(db: Database, username: string, now: Date): Promise<{ address: string; lockedUntil: Date }[]> {
  const prefix = accountPrefix(username);
  const rows = await rowsOf<{ key: string; lockedUntilMs: number }>(
    db,
    sql`select key, (extract(epoch from locked_until) * 1000)::float8 as "lockedUntilMs" from login_throttles
        where starts_with(key, ${prefix}) and locked_until > ${now.toISOString()}::timestamptz order by key`,
  );
  return rows.map((r) => ({ address: r.key.slice(prefix.length), lockedUntil: new Date(Number(r.lockedUntilMs)) }));
}

/** For every username locked out from some address at `now`: from how many addresses (one query). */
export async function lockedUsernames(db: Database, now: Date): Promise<Map<string, number>> {
  const rows = await rowsOf<{ username: string; addresses: number }>(
    db,
    sql`select split_part(substr(key, 9), '|', 1) as username, count(*)::int as addresses from login_throttles
        where starts_with(key, 'account:') and locked_until > ${now.toISOString()}::timestamptz group by 1`,
  );
  return new Map(rows.map((r) => [r.username, Number(r.addresses)]));
}

/** The administrator's unlock: forgets every failure and lock of `username`, from every address. */
export async function unlockAccount(db: Database, username: string): Promise<number> {
  const rows = await rowsOf<{ key: string }>(
    db,
    sql`delete from login_throttles where starts_with(key, ${accountPrefix(username)}) returning key`,
  );
  return rows.length;
}

/** Drops counters that no longer limit anything (windows and locks over a day old). */
export async function purgeLoginThrottles(db: Database, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  await db.execute(
    sql`delete from login_throttles where window_start < ${dayAgo}::timestamptz
        and (locked_until is null or locked_until < ${dayAgo}::timestamptz)`,
  );
}
