import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "../client";
import { AUDIT_GENESIS_HASH } from "../schema";
import { openTestDatabase, type TestDatabase, testBackends } from "../testing";
import { auditChainHead, verifyAuditChain } from "./audit-chain";

/*
 * The audit log's hash chain, on the seeded demo district: what the insert trigger computes, what
 * the database refuses (TRUNCATE, UPDATE, DELETE — also in replica mode), and what verification sees
 * after someone with the rights to switch the triggers off has tampered with the rows.
 */
describe.each(testBackends())("the audit hash chain on %s", (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
  });
  afterEach(() => database?.dispose());

  /** Five events, as any writer inserts them: no hash given. */
  async function writeEvents(n = 5) {
    for (let i = 0; i < n; i++) {
      await database.db.execute(
        sql`insert into audit_events (entity, entity_id, action, after, at)
            values ('project', ${String(i + 1)}, 'update', ${JSON.stringify({ n: i, name: "华骏铸造二期" })}::jsonb,
                    ${new Date(Date.UTC(2026, 10, 28, 2, i)).toISOString()})`,
      );
    }
    return rowsOf<{ id: number; prev_hash: string; hash: string }>(
      database.db,
      sql`select id::float8 as id, prev_hash, hash from audit_events order by id`,
    );
  }

  /** The database's own message for a refused statement (drizzle wraps it as the error's cause). */
  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      return String((error as { cause?: { message?: string } }).cause?.message ?? error);
    }
    return "not refused";
  }

  /** Runs `statement` with the append-only trigger switched off, as a tamperer who owns the table would. */
  async function tamper(statement: ReturnType<typeof sql>) {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_or_delete`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_events enable always trigger audit_events_no_update_or_delete`);
    });
  }

  it("chains every insert to the one before, from the genesis hash, and verifies whole", async () => {
    const rows = await writeEvents();
    expect(rows.length).toBeGreaterThanOrEqual(6); // the seed's event and ours
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    const report = await verifyAuditChain(database.db, { batchSize: 2 });
    expect(report).toMatchObject({ intact: true, events: rows.length, brokenAt: null });
    expect(report.first?.id).toBe(rows[0]!.id);
    expect(report.last?.hash).toBe(rows.at(-1)!.hash);
    expect(await auditChainHead(database.db)).toEqual({ lastId: rows.at(-1)!.id, lastHash: rows.at(-1)!.hash });
  });

  it("ignores a hash the writer supplies: the trigger computes it", async () => {
    await database.db.execute(
      sql`insert into audit_events (entity, action, prev_hash, hash) values ('district', 'forged', 'x', 'y')`,
    );
    const [row] = await rowsOf<{ hash: string }>(database.db, sql`select hash from audit_events order by id desc limit 1`);
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyAuditChain(database.db)).intact).toBe(true);
  });

  it("refuses TRUNCATE, UPDATE and DELETE", async () => {
    await writeEvents(1);
    expect(await refusal(database.db.execute(sql`truncate audit_events`))).toBe("the audit log cannot be truncated");
    // The seed's --reset used to empty it this way, through the users it references.
    expect(await refusal(database.db.execute(sql`truncate users cascade`))).toBe("the audit log cannot be truncated");
    expect(await refusal(database.db.execute(sql`update audit_events set action = 'forged'`))).toBe(
      "audit events cannot be changed or deleted",
    );
    expect(await refusal(database.db.execute(sql`delete from audit_events`))).toBe("audit events cannot be changed or deleted");
    expect((await verifyAuditChain(database.db)).intact).toBe(true);
  });

  it.runIf(kind === "postgres")("refuses UPDATE and TRUNCATE in replica mode too (the triggers fire ALWAYS)", async () => {
    await writeEvents(1);
    const inReplicaMode = (statement: ReturnType<typeof sql>) =>
      refusal(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(statement);
        }),
      );
    expect(await inReplicaMode(sql`update audit_events set action = 'forged'`)).toBe("audit events cannot be changed or deleted");
    expect(await inReplicaMode(sql`truncate audit_events`)).toBe("the audit log cannot be truncated");
  });

  it("finds an event changed with the trigger disabled, at that event", async () => {
    const rows = await writeEvents();
    const victim = rows[3]!;
    await tamper(sql`update audit_events set after = '{"n": 99}'::jsonb where id = ${victim.id}`);
    const report = await verifyAuditChain(database.db, { batchSize: 2 });
    expect(report.intact).toBe(false);
    expect(report.brokenAt).toMatchObject({ id: victim.id, reason: "altered" });
    expect(report.events).toBe(3);
  });

  it("finds an event changed together with its hash, at the event after it", async () => {
    const rows = await writeEvents();
    const victim = rows[2]!;
    // The tamperer recomputes the edited event's own hash; the next event still names the old one.
    await tamper(sql`update audit_events set action = 'forged' where id = ${victim.id}`);
    await tamper(sql`update audit_events e set hash = audit_event_hash(e.prev_hash, e) where id = ${victim.id}`);
    const report = await verifyAuditChain(database.db);
    expect(report.brokenAt).toMatchObject({ id: rows[3]!.id, reason: "unlinked" });
  });

  it("finds an event deleted from the middle, at the event after it", async () => {
    const rows = await writeEvents();
    await tamper(sql`delete from audit_events where id = ${rows[2]!.id}`);
    const report = await verifyAuditChain(database.db, { batchSize: 3 });
    expect(report).toMatchObject({ intact: false, brokenAt: { id: rows[3]!.id, reason: "unlinked" } });
  });

  it("finds the newest events deleted: the head names a later event", async () => {
    const rows = await writeEvents();
    await tamper(sql`delete from audit_events where id >= ${rows.at(-2)!.id}`);
    const report = await verifyAuditChain(database.db);
    expect(report).toMatchObject({ intact: false, brokenAt: { id: rows.at(-3)!.id, reason: "head" } });
  });

  it("finds an event inserted with the triggers off", async () => {
    await writeEvents(2);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_chain`);
      await tx.execute(sql`insert into audit_events (entity, action) values ('district', 'slipped_in')`);
      await tx.execute(sql`alter table audit_events enable always trigger audit_events_chain`);
    });
    const [slipped] = await rowsOf<{ id: number }>(
      database.db,
      sql`select id::float8 as id from audit_events where action = 'slipped_in'`,
    );
    const report = await verifyAuditChain(database.db);
    expect(report.brokenAt?.id).toBe(slipped!.id);
  });
});
