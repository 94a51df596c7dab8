import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { AUDIT_GENESIS_HASH } from "../schema";

/** Why the chain breaks at an event. */
export type AuditChainBreak =
  /** The event's content or hash was changed: its hash is not the hash of its content. */
  | "altered"
  /** The event does not follow the one before it: an event was deleted or slipped in before it. */
  | "unlinked"
  /** The chain's head names another last event: the newest events were deleted, or the head edited. */
  | "head";

export interface AuditChainReport {
  intact: boolean;
  /** Events checked. */
  events: number;
  first: { id: number; at: Date } | null;
  last: { id: number; at: Date; hash: string } | null;
  /** The first event where the chain breaks (for "head" with no such event: the last one, or null). */
  brokenAt: { id: number | null; at: Date | null; reason: AuditChainBreak } | null;
}

interface CheckedRow {
  id: number;
  at: Date | string;
  hash: string;
  prev_hash: string;
  prior: string | null;
  intact: boolean;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/**
 * Recomputes the audit chain from the first event, in batches of `batchSize` rows read by id (the
 * hashes are computed in SQL by the same function the insert trigger uses, so only ids and flags
 * cross the wire), and reports whether it is whole and, if not, the first event where it breaks.
 * Needs no transaction: events committed while it runs are appended after the last one it read and
 * are checked as well, until the head agrees with the last event.
 */
export async function verifyAuditChain(db: Database, options: { batchSize?: number } = {}): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 5_000;
  let prevHash = AUDIT_GENESIS_HASH;
  let afterId = 0;
  let events = 0;
  let first: AuditChainReport["first"] = null;
  let last: AuditChainReport["last"] = null;
  const broken = (id: number | null, at: Date | null, reason: AuditChainBreak): AuditChainReport => ({
    intact: false,
    events,
    first,
    last,
    brokenAt: { id, at, reason },
  });
  for (;;) {
    const rows = await rowsOf<CheckedRow>(
      db,
      sql`select e.id::float8 as id, e.at, e.hash, e.prev_hash, lag(e.hash) over (order by e.id) as prior,
                 e.hash = audit_event_hash(e.prev_hash, e) as intact
          from audit_events e where e.id > ${afterId} order by e.id limit ${batchSize}`,
    );
    for (const row of rows) {
      const at = toDate(row.at);
      if (row.prev_hash !== (row.prior ?? prevHash)) return broken(row.id, at, "unlinked");
      if (!row.intact) return broken(row.id, at, "altered");
      events++;
      first ??= { id: row.id, at };
      last = { id: row.id, at, hash: row.hash };
      prevHash = row.hash;
      afterId = row.id;
    }
    if (rows.length === batchSize) continue;
    const [head] = await rowsOf<{ last_id: number; last_hash: string }>(
      db,
      sql`select last_id::float8 as last_id, last_hash from audit_chain_head where id = 1`,
    );
    const headId = head?.last_id ?? 0;
    // Events committed since the last batch: check them too.
    if (headId > afterId) {
      const [more] = await rowsOf<{ any: boolean }>(
        db,
        sql`select exists (select 1 from audit_events where id > ${afterId}) as any`,
      );
      if (more?.any) continue;
    }
    if (headId !== afterId || (head?.last_hash ?? AUDIT_GENESIS_HASH) !== prevHash) {
      return broken(last?.id ?? null, last?.at ?? null, "head");
    }
    return { intact: true, events, first, last, brokenAt: null };
  }
}

/** The head of the chain now: the hash to write down (or export) as an external anchor. */
export async function auditChainHead(db: Database): Promise<{ lastId: number; lastHash: string }> {
  const [head] = await rowsOf<{ last_id: number; last_hash: string }>(
    db,
    sql`select last_id::float8 as last_id, last_hash from audit_chain_head where id = 1`,
  );
  return { lastId: head?.last_id ?? 0, lastHash: head?.last_hash ?? AUDIT_GENESIS_HASH };
}
