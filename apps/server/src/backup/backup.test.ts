import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { type Database, type DatabaseKind, MIGRATIONS_FOLDER, rowsOf } from "@tracker/db";
import { verifyAuditChain } from "@tracker/db/queries";
import { openTestDatabase, type TestDatabase, testBackends } from "@tracker/db/testing";
import { type SQL, sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackupResult, writeBackup } from "./dump";
import { BackupFileError, readBackup, verifyBackupFile } from "./file";
import { fingerprint } from "./fingerprint";
import { RestoreRefusedError, restoreBackup } from "./restore";

const workDir = mkdtempSync(join(tmpdir(), "tracker-backup-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function one<T>(db: Database, query: SQL): Promise<T> {
  const [row] = await rowsOf<T>(db, query);
  return row!;
}

/**
 * Values a careless format would lose: a bigint past 2^53, microseconds, JSON null beside SQL null,
 * quotes, backslashes, newlines and emoji in jsonb and text, an array element with a comma, and a
 * sequence ahead of its table (a deleted session) whose ids must not be handed out again.
 */
async function addAwkwardValues(db: Database): Promise<void> {
  await db.execute(sql`update projects set total_investment_wan = 9007199254740993 where id = 1`);
  await db.execute(sql`insert into audit_events (at, entity, entity_id, action, before, after, client_ip)
    values ('2026-11-28 10:00:00.123456+08', 'project', '1', 'edge "cases"', null,
            ${JSON.stringify({ note: '引号 " 反斜杠 \\ 换行\n 😀' }).replace(/}$/, ',"n":12345678901234567890}')}::jsonb, null),
           ('2026-11-28 10:00:01+08', 'district', null, 'json null', 'null'::jsonb, '"a string"'::jsonb, '::1')`);
  await db.execute(sql`update working_groups set stages = array['permits', 'with, a comma "and quotes"'] where id = 1`);
  await db.execute(sql`insert into sessions (token_hash, user_id, expires_at) values ('gone', 1, now() + interval '1 day')`);
  await db.execute(sql`delete from sessions where token_hash = 'gone'`);
}

/** Copies of a backup file, damaged in the ways files get damaged. */
function damagedCopies(path: string): Record<string, string> {
  const bytes = readFileSync(path);
  const write = (name: string, data: Buffer) => {
    const target = join(workDir, `${name}.ndjson.gz`);
    writeFileSync(target, data);
    return target;
  };
  const flipped = Buffer.from(bytes);
  const middle = Math.floor(flipped.length / 2);
  flipped.writeUInt8(flipped.readUInt8(middle) ^ 0xff, middle);
  const text = gunzipSync(bytes).toString("utf8");
  const lines = text.trimEnd().split("\n");
  return {
    truncated: write("truncated", bytes.subarray(0, Math.floor(bytes.length / 2))),
    "one byte flipped": write("flipped", flipped),
    // Recompressed, so gzip's own CRC is right: only the backup's checksum can tell.
    "one value changed": write("edited", gzipSync(text.replace('"华骏铸造二期"', '"华骏铸造三期"'))),
    "no end record": write("no-end", gzipSync(`${lines.slice(0, -1).join("\n")}\n`)),
  };
}

describe.each(testBackends())("backup and restore on %s", (kind) => {
  let source: TestDatabase;
  let target: TestDatabase;
  let backup: BackupResult;
  let sourcePrint: Record<string, string>;

  beforeAll(async () => {
    source = await openTestDatabase(kind);
    await addAwkwardValues(source.db);
    sourcePrint = await fingerprint(source.db);
    backup = await writeBackup(source.db, kind, { dir: join(workDir, kind) });
    target = await openTestDatabase(kind, { seeded: false });
  });
  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
  });

  it("writes one dated file holding every table, the audit log and drizzle's migrations included", async () => {
    expect(backup.path).toMatch(/tracker-\d{4}-\d{2}-\d{2}T\d{6}Z\.ndjson\.gz$/);
    expect(readdirSync(join(workDir, kind))).toEqual([backup.path.split("/").at(-1)]);
    expect(backup.projects).toBe(364);
    expect(backup.auditEvents).toBe(3);
    const names = backup.tables.map((t) => t.name);
    expect(names).toContain("drizzle.__drizzle_migrations");
    expect(names).toContain("public.audit_events");
    expect(names).toHaveLength(Object.keys(sourcePrint).filter((k) => !k.startsWith("sequence ")).length);
    const summary = await verifyBackupFile(backup.path);
    expect(summary.rows).toBe(backup.rows);
    expect(summary.header.source).toBe(kind);
  });

  it("restores into an empty database exactly what was backed up, and ids go on after it", async () => {
    const result = await restoreBackup(target.db, backup.path);
    expect(result).toMatchObject({ projects: 364, auditEvents: 3, rows: backup.rows, replaced: false, migrationsApplied: 0 });
    expect(await fingerprint(target.db)).toEqual(sourcePrint);

    const project = await one<{ total: string }>(
      target.db,
      sql`select total_investment_wan::text as total from projects where id = 1`,
    );
    expect(project.total).toBe("9007199254740993");
    const nulls = await one<{ sqlNull: boolean; jsonNull: boolean }>(
      target.db,
      sql`select before is null as "sqlNull", before = 'null'::jsonb as "jsonNull" from audit_events where action = 'json null'`,
    );
    expect(nulls).toEqual({ sqlNull: false, jsonNull: true });

    // The sequences continue where the source's were: no collision, and a deleted id is not reused.
    const maxTownship = await one<{ max: number }>(target.db, sql`select max(id)::int as max from townships`);
    const township = await one<{ id: number }>(
      target.db,
      sql`insert into townships (name, kind) values ('还原后新镇', 'township') returning id`,
    );
    expect(township.id).toBe(maxTownship.max + 1);
    const session = await one<{ id: number }>(
      target.db,
      sql`insert into sessions (token_hash, user_id, expires_at) values ('new', 1, now()) returning id`,
    );
    expect(session.id).toBe(2);
    // The events came back with their hashes, and the chain verifies as it did on the source.
    const sourceChain = await verifyAuditChain(source.db);
    expect(sourceChain).toMatchObject({ intact: true, events: 3 });
    expect(await verifyAuditChain(target.db)).toEqual(sourceChain);
    await target.db.execute(sql`insert into audit_events (entity, action) values ('district', 'after restore')`);
    // The chain goes on from the restored head, and the audit log's triggers are back as they fired: ALWAYS.
    expect(await verifyAuditChain(target.db)).toMatchObject({ intact: true, events: 4 });
    const triggers = await rowsOf<{ name: string; enabled: string }>(
      target.db,
      sql`select tgname as name, tgenabled as enabled from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers).toEqual([
      { name: "audit_events_chain", enabled: "A" },
      { name: "audit_events_no_truncate", enabled: "A" },
      { name: "audit_events_no_update_or_delete", enabled: "A" },
    ]);
    await expect(target.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    await expect(target.db.execute(sql`truncate audit_events`)).rejects.toThrow();
  });

  it("refuses a database that holds data, changing nothing, and replaces it all with --force", async () => {
    const before = await fingerprint(target.db);
    await expect(restoreBackup(target.db, backup.path)).rejects.toThrow(RestoreRefusedError);
    await expect(restoreBackup(target.db, backup.path)).rejects.toThrow(
      /^the database is not empty \(it holds 364 projects; \d+ tables hold rows\); add --force/,
    );
    expect(await fingerprint(target.db)).toEqual(before);

    const result = await restoreBackup(target.db, backup.path, { force: true });
    expect(result.replaced).toBe(true);
    expect(await fingerprint(target.db)).toEqual(sourcePrint);
  });

  it("refuses a truncated or damaged file before changing anything", async () => {
    const before = await fingerprint(target.db);
    const copies = damagedCopies(backup.path);
    const reasons: Record<string, string> = {};
    for (const [damage, path] of Object.entries(copies)) {
      const error = await verifyBackupFile(path).catch((e: unknown) => e);
      expect(error, damage).toBeInstanceOf(BackupFileError);
      reasons[damage] = (error as Error).message;
      await expect(restoreBackup(target.db, path, { force: true }), damage).rejects.toThrow(BackupFileError);
    }
    expect(reasons.truncated).toMatch(/truncated/);
    expect(reasons["one byte flipped"]).toMatch(/corrupt/);
    expect(reasons["one value changed"]).toBe("the file is corrupt (checksum mismatch)");
    expect(reasons["no end record"]).toBe("the file is truncated (it has no end record)");
    expect(await fingerprint(target.db)).toEqual(before);

    // Damage found only at the end of loading (the caller vouched for the file): the transaction,
    // which has by then dropped and reloaded every table, is rolled back and the old data stays.
    const good = await verifyBackupFile(backup.path);
    await expect(restoreBackup(target.db, copies["one value changed"]!, { force: true, verified: good })).rejects.toThrow(
      "the file is corrupt (checksum mismatch)",
    );
    expect(await fingerprint(target.db)).toEqual(before);
  });

  it("restores an older backup and then applies the migrations made since, to its rows", async () => {
    // A database at the level of the first two migrations, with an audit event from before 0002.
    const oldFolder = join(workDir, `migrations-${kind}`);
    mkdirSync(join(oldFolder, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"));
    journal.entries = journal.entries.slice(0, 2);
    writeFileSync(join(oldFolder, "meta/_journal.json"), JSON.stringify(journal));
    for (const entry of journal.entries) cpSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(oldFolder, `${entry.tag}.sql`));

    const old = await openTestDatabase(kind, { seeded: false });
    const fresh = await openTestDatabase(kind, { seeded: false });
    try {
      // The driver's own migrator, on a folder that stops at 0001 (the handle's migrate() takes all).
      if (kind === "pglite") await migratePglite(old.db as never, { migrationsFolder: oldFolder });
      else await migratePostgres(old.db as never, { migrationsFolder: oldFolder });
      await old.db.execute(sql`insert into townships (name, kind) values ('老镇', 'township')`);
      await old.db.execute(sql`insert into investors (name) values ('老投资方')`);
      await old.db.execute(sql`insert into projects (code, name, investor_id, industry, category, township_id, signed_date,
        total_investment_wan, stage) values ('2010-411702-00-00-000001', '老项目', 1, '制造', 'industrial', 1, '2010-01-01', 100, 'negotiation')`);
      await old.db.execute(sql`insert into audit_events (entity, entity_id, action) values ('project', '1', 'create')`);
      const oldBackup = await writeBackup(old.db, kind, { dir: join(workDir, `old-${kind}`) });

      // This version's code knows no newer migrations than 0001: the full backup is refused.
      await expect(restoreBackup(fresh.db, backup.path, { migrationsFolder: oldFolder })).rejects.toThrow(
        /made by another version of the tracker/,
      );

      const result = await restoreBackup(fresh.db, oldBackup.path);
      const all = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")).entries.length;
      expect(result.migrationsApplied).toBe(all - 2);
      // 0002 found the project of the audit event restored from before it.
      const event = await one<{ projectId: number | null }>(fresh.db, sql`select project_id as "projectId" from audit_events`);
      expect(event.projectId).toBe(1);
      // 0005 chained the event restored from before the hash chain existed.
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ intact: true, events: 1 });
      const applied = await one<{ n: number }>(fresh.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(applied.n).toBe(all);
    } finally {
      await old.dispose();
      await fresh.dispose();
    }
  });
});

describe.each(testBackends())("reading tables on %s", (kind) => {
  it("pages through a table on a single or a composite key, losing and repeating nothing", async () => {
    const database = await openTestDatabase(kind);
    try {
      await database.db.execute(sql`create table paging_probe (a int, b text, primary key (a, b))`);
      await database.db.execute(sql`insert into paging_probe select i % 3, 'k' || i from generate_series(1, 2500) i`);
      const paged = await writeBackup(database.db, kind, { dir: join(workDir, `paged-${kind}`), pageRows: 997 });
      const whole = await writeBackup(database.db, kind, { dir: join(workDir, `whole-${kind}`), pageRows: 1_000_000 });
      const rowLines = async (path: string) => {
        const lines: string[] = [];
        for await (const record of readBackup(path)) if (record.kind === "rows") lines.push(...record.rows);
        return lines;
      };
      expect(paged.tables.find((t) => t.name === "public.paging_probe")?.rows).toBe(2500);
      const pagedLines = await rowLines(paged.path);
      expect(pagedLines).toHaveLength(paged.rows);
      expect(pagedLines).toEqual(await rowLines(whole.path));
    } finally {
      await database.dispose();
    }
  });
});

const otherBackend: Record<DatabaseKind, DatabaseKind> = { pglite: "postgres", postgres: "pglite" };

describe.skipIf(!process.env.TEST_DATABASE_URL).each(["pglite", "postgres"] as const)("a %s backup", (from) => {
  it(`restores into ${otherBackend[from]} with the same data`, async () => {
    const source = await openTestDatabase(from);
    const target = await openTestDatabase(otherBackend[from], { seeded: false });
    try {
      await addAwkwardValues(source.db);
      const backup = await writeBackup(source.db, from, { dir: join(workDir, `cross-${from}`) });
      await restoreBackup(target.db, backup.path);
      expect(await fingerprint(target.db)).toEqual(await fingerprint(source.db));
      expect(await verifyAuditChain(target.db)).toMatchObject({ intact: true, events: 3 });
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });
});
