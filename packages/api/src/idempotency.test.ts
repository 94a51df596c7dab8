import { type Database, rowsOf } from "@tracker/db";
import { addDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { canonicalJson, IDEMPOTENCY_KEY_TTL_MS, purgeIdempotencyKeys } from "./idempotency";
import { signedIn, TEST_NOW, TEST_TODAY, testBackends, useTestDatabase } from "./testing";

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [r] = await rowsOf<{ n: number }>(db, query);
  return r!.n;
}

let serial = 0;
/** A fresh key per test, as a client makes one per submission. */
const newKey = () => `key-${process.pid}-${++serial}-${Math.random().toString(36).slice(2)}`;

const projectInput = (code: string) => ({
  code,
  investorId: 1,
  signedDate: "2026-11-20",
  name: "幂等测试项目",
  industry: "装备制造",
  category: "industrial" as const,
  townshipId: 1,
  totalInvestmentWan: 20_000,
});

describe("canonical JSON", () => {
  it("is the same text for the same input in any key order, and differs when a value differs", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: "中" }, u: undefined })).toBe(
      canonicalJson({ a: { c: "中", d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe.each(testBackends())("idempotency keys on %s", (kind) => {
  let db: Database;
  /** 民生天都星城: the demo leader and person in charge both hold it. */
  let sharedProjectId: number;
  useTestDatabase(kind, async (opened) => {
    db = opened.db;
    const [p] = await rowsOf<{ id: number }>(db, sql`select id from projects where name = '民生天都星城'`);
    sharedProjectId = p!.id;
  });

  it("creates one project for a create retried with the same key, and answers the retry with the first answer", async () => {
    const admin = await signedIn(db, "admin");
    const key = newKey();
    const input = { ...projectInput("2026-411702-35-03-700001"), idempotencyKey: key };
    const first = await admin.projects.create(input);
    const retry = await admin.projects.create(input);
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ code: "2026-411702-35-03-700001", stage: "negotiation" });
    expect(await count(db, sql`select count(*)::int as n from projects where code = '2026-411702-35-03-700001'`)).toBe(1);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'project' and entity_id = ${String(first.id)}`,
      ),
    ).toBe(1);
    // Without a key the same create is refused as before: the code is taken.
    await expect(admin.projects.create(projectInput("2026-411702-35-03-700001"))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses the same key with a different payload, in the user's language, and changes nothing", async () => {
    const key = newKey();
    const admin = await signedIn(db, "admin");
    const first = await admin.projects.create({ ...projectInput("2026-411702-35-03-700002"), idempotencyKey: key });
    await expect(
      admin.projects.create({ ...projectInput("2026-411702-35-03-700002"), totalInvestmentWan: 30_000, idempotencyKey: key }),
    ).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "该幂等键已用于另一项不同内容的提交，请为新的提交使用新的幂等键",
    });
    const english = await signedIn(db, "admin", { locale: "en" });
    await expect(
      english.projects.create({ ...projectInput("2026-411702-35-03-700003"), idempotencyKey: key }),
    ).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "This idempotency key was already used for a different request; use a new key for a new request",
    });
    // The same key on another procedure is another request too.
    const owner = await signedIn(db, "owner");
    const ownerKey = newKey();
    await owner.milestones.plan({
      projectId: sharedProjectId,
      stage: "construction",
      name: "主体封顶",
      plannedDate: addDays(TEST_TODAY, 40),
      idempotencyKey: ownerKey,
    });
    await expect(
      owner.problems.raise({
        projectId: sharedProjectId,
        category: "utilities",
        description: "施工用电增容未落实",
        deadline: addDays(TEST_TODAY, 10),
        idempotencyKey: ownerKey,
      }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const [project] = await rowsOf<{ total: number }>(
      db,
      sql`select total_investment_wan::int as total from projects where id = ${first.id}`,
    );
    expect(project!.total).toBe(20_000);
    expect(await count(db, sql`select count(*)::int as n from projects where code = '2026-411702-35-03-700003'`)).toBe(0);
  });

  it("lets exactly one of concurrent requests with the same key create, and gives the others its answer", async () => {
    const owner = await signedIn(db, "owner");
    const key = newKey();
    const description = `并发重试的问题 ${key}`;
    const raise = () =>
      owner.problems.raise({
        projectId: sharedProjectId,
        category: "land",
        description,
        deadline: addDays(TEST_TODAY, 20),
        idempotencyKey: key,
      });
    const answers = await Promise.all([raise(), raise(), raise(), raise()]);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(await count(db, sql`select count(*)::int as n from problems where description = ${description}`)).toBe(1);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from audit_events where entity = 'problem' and entity_id = ${String(answers[0]!.id)}`,
      ),
    ).toBe(1);
  });

  it("keeps keys per user: another user's same key is another request", async () => {
    const [leader, owner] = [await signedIn(db, "leader"), await signedIn(db, "owner")];
    const key = newKey();
    const name = `监理进场 ${key}`;
    const plan = { projectId: sharedProjectId, stage: "construction" as const, name, plannedDate: addDays(TEST_TODAY, 30) };
    const a = await leader.milestones.plan({ ...plan, idempotencyKey: key });
    const b = await owner.milestones.plan({ ...plan, idempotencyKey: key });
    expect(a.id).not.toBe(b.id);
    expect(await leader.milestones.plan({ ...plan, idempotencyKey: key })).toEqual(a);
    expect(await count(db, sql`select count(*)::int as n from milestones where name = ${name}`)).toBe(2);
    // Without keys, two submissions are two milestones, as before.
    await owner.milestones.plan(plan);
    expect(await count(db, sql`select count(*)::int as n from milestones where name = ${name}`)).toBe(3);
  });

  it("forgets a create that was refused, so the corrected request may use the same key", async () => {
    const owner = await signedIn(db, "owner");
    const key = newKey();
    const description = `先被拒绝的问题 ${key}`;
    const input = { projectId: sharedProjectId, category: "funding" as const, description, idempotencyKey: key };
    await expect(owner.problems.raise({ ...input, deadline: addDays(TEST_TODAY, -1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const created = await owner.problems.raise({ ...input, deadline: addDays(TEST_TODAY, 5) });
    expect(created).toMatchObject({ description, deadline: addDays(TEST_TODAY, 5) });
  });

  it("answers a retried monthly report with its first answer, counting the investment once", async () => {
    const owner = await signedIn(db, "owner");
    const period = TEST_TODAY.slice(0, 7);
    const [p] = await rowsOf<{ id: number; completed: number }>(
      db,
      sql`select p.id, p.completed_investment_wan::int as completed from projects p
          join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join users u on u.person_id in (f.leader_id, f.owner_id)
          where u.username = 'owner' and p.total_investment_wan - p.completed_investment_wan >= 100
            and not exists (select 1 from progress_reports r where r.project_id = p.id and r.period = ${`${period}-01`})
          order by p.id limit 1`,
    );
    const key = newKey();
    const report = { projectId: p!.id, period, investmentWan: 100, physicalPercent: 40, idempotencyKey: key };
    const first = await owner.progress.submit(report);
    const retry = await owner.progress.submit(report);
    expect(retry).toEqual(first);
    expect(first.completedInvestmentWan).toBe(p!.completed + 100);
    const [after] = await rowsOf<{ completed: number }>(
      db,
      sql`select completed_investment_wan::int as completed from projects where id = ${p!.id}`,
    );
    expect(after!.completed).toBe(p!.completed + 100);
    // Without the key the retry is refused as before: the month is reported.
    const { idempotencyKey: _, ...unkeyed } = report;
    await expect(owner.progress.submit(unkeyed)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("creates one account for a retried users.create, and keeps no fast hash of the password", async () => {
    const admin = await signedIn(db, "admin");
    const key = newKey();
    const username = `window-${serial}`;
    const input = { username, role: "unit_staff" as const, password: "Window#2026", idempotencyKey: key };
    const first = await admin.users.create(input);
    expect(await admin.users.create(input)).toEqual(first);
    expect(await count(db, sql`select count(*)::int as n from users where username = ${username}`)).toBe(1);
    await expect(admin.users.create({ ...input, password: "Other#2026x" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    const [stored] = await rowsOf<{ request_hash: string }>(
      db,
      sql`select request_hash from idempotency_keys where key = ${key}`,
    );
    expect(stored!.request_hash).toMatch(/^\$argon2id\$/);
  });

  it("commits the record and its key together: when storing the key fails, the record is not created", async () => {
    const admin = await signedIn(db, "admin");
    const key = `crash-${newKey()}`;
    // A fault injected after the project row and its audit event are written, in the same transaction.
    await db.execute(
      sql.raw(`create function fail_idempotency_key() returns trigger language plpgsql as $$
        begin
          if new.key like 'crash-%' then raise exception 'injected failure'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(
        "create trigger fail_idempotency_key before update on idempotency_keys for each row execute function fail_idempotency_key()",
      ),
    );
    try {
      await expect(
        admin.projects.create({ ...projectInput("2026-411702-35-03-700009"), idempotencyKey: key }),
      ).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    } finally {
      await db.execute(sql.raw("drop trigger fail_idempotency_key on idempotency_keys"));
      await db.execute(sql.raw("drop function fail_idempotency_key()"));
    }
    expect(await count(db, sql`select count(*)::int as n from projects where code = '2026-411702-35-03-700009'`)).toBe(0);
    expect(await count(db, sql`select count(*)::int as n from idempotency_keys where key = ${key}`)).toBe(0);
    // The retry (the fault gone) creates it, once.
    const created = await admin.projects.create({ ...projectInput("2026-411702-35-03-700009"), idempotencyKey: key });
    expect(await admin.projects.create({ ...projectInput("2026-411702-35-03-700009"), idempotencyKey: key })).toEqual(created);
    expect(await count(db, sql`select count(*)::int as n from projects where code = '2026-411702-35-03-700009'`)).toBe(1);
  });

  it("refuses a key that is too short, and forgets keys after a day", async () => {
    const admin = await signedIn(db, "admin");
    await expect(
      admin.projects.create({ ...projectInput("2026-411702-35-03-700010"), idempotencyKey: "short" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const before = await count(db, sql`select count(*)::int as n from idempotency_keys`);
    expect(before).toBeGreaterThan(0);
    await purgeIdempotencyKeys(db, new Date(TEST_NOW.getTime() + IDEMPOTENCY_KEY_TTL_MS - 60_000));
    expect(await count(db, sql`select count(*)::int as n from idempotency_keys`)).toBe(before);
    await purgeIdempotencyKeys(db, new Date(TEST_NOW.getTime() + IDEMPOTENCY_KEY_TTL_MS + 60_000));
    expect(await count(db, sql`select count(*)::int as n from idempotency_keys`)).toBe(0);
  });
});
