/**
 * The authorization table: every procedure × every role (and no session) × the user's own object and
 * another's → the outcome, run through createCaller on the demo district. A procedure without a row
 * fails the last test, so a new procedure cannot ship unchecked.
 */
import { type Database, rowsOf } from "@tracker/db";
import { addDays, type Role, STAGES, type Stage } from "@tracker/domain";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { client, signedIn, TEST_NOW, TEST_TODAY, type TestDatabase, testBackends, useTestDatabase } from "./testing";

type Caller = ReturnType<ReturnType<typeof client>["caller"]>;
type Actor = Role | "anonymous";
type Target = "own" | "other";
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";

const ACTORS: Actor[] = ["anonymous", "admin", "leadership", "leader", "owner", "unit_staff", "investor", "auditor"];
const USERNAMES: Record<Role, string> = {
  admin: "admin",
  leadership: "leadership",
  leader: "leader",
  owner: "owner",
  unit_staff: "staff",
  investor: "investor",
  auditor: "auditor",
};

interface Fixtures {
  /** Gives the demo user back the demo password (a changed password may not be changed back). */
  restoreDemoPassword(actor: Actor): Promise<void>;
  /** A project the actor holds: as five-fixed leader or owner, or as the investor's company. */
  project(actor: Actor, target: Target): Promise<number>;
  /** A pending milestone, never handed out twice (a successful call changes it). */
  milestone(actor: Actor, target: Target): Promise<{ id: number; version: number; plannedDate: string }>;
  /** A project with no report for the current month yet, never handed out twice. */
  unreportedProject(actor: Actor, target: Target): Promise<number>;
  /** An active project that can move one stage on, never handed out twice. */
  movableProject(actor: Actor, target: Target): Promise<{ id: number; version: number; next: Stage }>;
  /** A permit not yet submitted, issued by the staff member's unit ("own") or another ("other"). */
  permit(target: Target): Promise<{ id: number; version: number }>;
  /**
   * A new problem in the given state on a project the actor holds (or not), assigned to the staff
   * member's unit for "own" and to another unit for "other".
   */
  problem(actor: Actor, target: Target, status: "open" | "resolved"): Promise<{ id: number; version: number }>;
  /** A project's current five-fixed version, for a project not handed out before. */
  fiveFixed(): Promise<{ projectId: number; version: number; leaderId: number; unitId: number; ownerId: number }>;
}

interface Row {
  /** Outcomes by actor; a pair when it depends on whether the object is the actor's own. */
  expect: Partial<Record<Actor, Outcome | { own: Outcome; other: Outcome }>>;
  call(caller: Caller, f: Fixtures, actor: Actor, target: Target): Promise<unknown>;
}

const readers = (investorOther: Outcome): Row["expect"] => ({
  anonymous: "UNAUTHORIZED",
  admin: "ok",
  leadership: "ok",
  leader: "ok",
  owner: "ok",
  unit_staff: "ok",
  investor: { own: "ok", other: investorOther },
  auditor: "FORBIDDEN",
});
const projectWorkers: Row["expect"] = {
  anonymous: "UNAUTHORIZED",
  admin: "FORBIDDEN",
  leadership: "FORBIDDEN",
  leader: { own: "ok", other: "FORBIDDEN" },
  owner: { own: "ok", other: "FORBIDDEN" },
  unit_staff: "FORBIDDEN",
  investor: "FORBIDDEN",
  auditor: "FORBIDDEN",
};
const everyone = (outcome: Outcome, anonymous: Outcome = outcome): Row["expect"] =>
  Object.fromEntries(ACTORS.map((a) => [a, a === "anonymous" ? anonymous : outcome]));

const TABLE: Record<string, Row> = {
  "auth.login": { expect: everyone("ok"), call: (c) => c.auth.login({ username: "leadership", password: "Demo@2026" }) },
  "auth.me": { expect: everyone("ok"), call: (c) => c.auth.me() },
  "auth.logout": { expect: everyone("ok", "UNAUTHORIZED"), call: (c) => c.auth.logout() },
  "dashboard.summary": { expect: readers("ok"), call: (c) => c.dashboard.summary() },
  "dashboard.investmentByMonth": { expect: readers("ok"), call: (c) => c.dashboard.investmentByMonth() },
  "projects.export": {
    expect: readers("ok"),
    call: (c) => c.projects.export({ stage: "operating", columns: [{ key: "name", title: "项目名称" }] }),
  },
  "dashboard.breakdown": { expect: readers("ok"), call: (c) => c.dashboard.breakdown() },
  "dashboard.ragReasons": { expect: readers("ok"), call: (c) => c.dashboard.ragReasons() },
  "dashboard.overdue": { expect: { ...readers("ok"), investor: "FORBIDDEN" }, call: (c) => c.dashboard.overdue() },
  "dashboard.leagues": {
    expect: { ...readers("ok"), investor: "FORBIDDEN" },
    call: (c) => c.dashboard.leagues({ townshipId: 1 }),
  },
  "projects.list": { expect: readers("ok"), call: (c) => c.projects.list({}) },
  "projects.get": {
    expect: readers("NOT_FOUND"),
    call: async (c, f, a, t) => c.projects.get({ id: await f.project(a, t) }),
  },
  "permits.forProject": {
    expect: readers("NOT_FOUND"),
    call: async (c, f, a, t) => c.permits.forProject({ projectId: await f.project(a, t) }),
  },
  "reference.options": { expect: readers("ok"), call: (c) => c.reference.options() },
  "milestones.plan": {
    expect: projectWorkers,
    call: async (c, f, a, t) =>
      c.milestones.plan({
        projectId: await f.project(a, t),
        stage: "construction",
        name: "消防验收",
        plannedDate: addDays(TEST_TODAY, 60),
      }),
  },
  "milestones.replan": {
    expect: projectWorkers,
    call: async (c, f, a, t) => {
      const m = await f.milestone(a, t);
      return c.milestones.replan({ id: m.id, version: m.version, plannedDate: addDays(m.plannedDate, 7), reason: "材料补正" });
    },
  },
  "milestones.complete": {
    expect: projectWorkers,
    call: async (c, f, a, t) => {
      const m = await f.milestone(a, t);
      return c.milestones.complete({ id: m.id, version: m.version, actualDate: TEST_TODAY });
    },
  },
  "progress.submit": {
    expect: projectWorkers,
    call: async (c, f, a, t) =>
      c.progress.submit({
        projectId: await f.unreportedProject(a, t),
        period: TEST_TODAY.slice(0, 7),
        investmentWan: 0,
        physicalPercent: 50,
      }),
  },
  "projects.moveStage": {
    expect: projectWorkers,
    call: async (c, f, a, t) => {
      const p = await f.movableProject(a, t);
      return c.projects.moveStage({ id: p.id, version: p.version, stage: p.next });
    },
  },
  "permits.queue": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), unit_staff: "ok" },
    call: (c) => c.permits.queue(),
  },
  "permits.move": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), unit_staff: { own: "ok", other: "FORBIDDEN" } },
    call: async (c, f, _a, t) => {
      const p = await f.permit(t);
      return c.permits.move({ id: p.id, version: p.version, to: "submitted" });
    },
  },
  "problems.raise": {
    expect: {
      ...everyone("FORBIDDEN", "UNAUTHORIZED"),
      leader: { own: "ok", other: "FORBIDDEN" },
      owner: { own: "ok", other: "FORBIDDEN" },
      investor: { own: "ok", other: "NOT_FOUND" },
    },
    call: async (c, f, a, t) =>
      c.problems.raise({
        projectId: await f.project(a, t),
        category: "utilities",
        description: "施工用电增容未落实",
        deadline: addDays(TEST_TODAY, 10),
      }),
  },
  "problems.assign": {
    expect: { ...projectWorkers, leadership: "ok" },
    call: async (c, f, a, t) => {
      const p = await f.problem(a, t, "open");
      return c.problems.assign({ id: p.id, version: p.version, assignedUnitId: 1 });
    },
  },
  "problems.escalate": {
    expect: { ...projectWorkers, leadership: "ok", unit_staff: { own: "ok", other: "FORBIDDEN" } },
    call: async (c, f, a, t) => {
      const p = await f.problem(a, t, "open");
      return c.problems.escalate({ id: p.id, version: p.version, reason: "逾期未办结" });
    },
  },
  "problems.resolve": {
    expect: { ...projectWorkers, unit_staff: { own: "ok", other: "FORBIDDEN" } },
    call: async (c, f, a, t) => {
      const p = await f.problem(a, t, "open");
      return c.problems.resolve({ id: p.id, version: p.version, resolution: "供电公司架设专线，已通电" });
    },
  },
  "problems.verify": {
    expect: { ...projectWorkers, owner: "FORBIDDEN", leadership: "ok" },
    call: async (c, f, a, t) => {
      const p = await f.problem(a, t, "resolved");
      return c.problems.verify({ id: p.id, version: p.version });
    },
  },
  "problems.reopen": {
    expect: { ...projectWorkers, leadership: "ok" },
    call: async (c, f, a, t) => {
      const p = await f.problem(a, t, "resolved");
      return c.problems.reopen({ id: p.id, version: p.version, reason: "复查发现仍未通电" });
    },
  },
  "fiveFixed.set": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok", leadership: "ok" },
    call: async (c, f) => {
      const ff = await f.fiveFixed();
      return c.fiveFixed.set({
        projectId: ff.projectId,
        version: ff.version,
        leaderId: ff.leaderId,
        unitId: ff.unitId,
        ownerId: ff.ownerId,
        targetTask: "2027年6月底前竣工验收",
        deadline: "2027-06-30",
        reason: "调整目标任务",
      });
    },
  },
  "projects.create": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c, _f, a, t) =>
      c.projects.create({
        code: `2026-411702-35-03-${String(ACTORS.indexOf(a) * 2 + (t === "own" ? 0 : 1)).padStart(6, "9")}`,
        investorId: 1,
        signedDate: "2026-11-20",
        name: "测试装备制造项目",
        industry: "装备制造",
        category: "industrial",
        townshipId: 1,
        totalInvestmentWan: 20000,
      }),
  },
  "projects.update": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: async (c, f) => {
      const p = await f.movableProject("admin", "other");
      return c.projects.update({ id: p.id, version: p.version, jobsPlanned: 120 });
    },
  },
  "auth.changePassword": {
    expect: everyone("ok", "UNAUTHORIZED"),
    call: async (c, f, actor, target) => {
      // Change it, then give the demo password back behind the API (the history refuses it), so that
      // later rows still sign in with it.
      await c.auth.changePassword({ currentPassword: "Demo@2026", newPassword: `Temp#2026-${target}` });
      await f.restoreDemoPassword(actor);
    },
  },
  "users.list": { expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" }, call: (c) => c.users.list() },
  "users.create": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c, _f, a, t) => c.users.create({ username: `window-${a}-${t}`, role: "unit_staff", password: "Window#2026" }),
  },
  "users.setPassword": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    // The department staff's account (id 5; the auditor's is out of the admin's reach, below). The
    // demo password goes back after: the history refuses setting it again.
    call: (c, f, _a, t) =>
      c.users.setPassword({ id: 5, password: `Reset#2026-${t}` }).finally(() => f.restoreDemoPassword("unit_staff")),
  },
  "users.locks": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c) => c.users.locks({ id: 5 }),
  },
  "users.unlock": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c) => c.users.unlock({ id: 5 }),
  },
  "users.setDisabled": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c) => c.users.setDisabled({ id: 5, disabled: false }),
  },
  "me.work": { expect: everyone("ok", "UNAUTHORIZED"), call: (c) => c.me.work() },
  "audit.verify": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), auditor: "ok" },
    call: (c) => c.audit.verify(),
  },
  "audit.export": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), auditor: "ok" },
    call: (c) => c.audit.export({ from: TEST_TODAY, to: TEST_TODAY, format: "csv" }),
  },
  "audit.list": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), auditor: "ok" },
    call: (c) => c.audit.list({}),
  },
  "ledger.template": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    call: (c) => c.ledger.template(),
  },
  "ledger.import": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), admin: "ok" },
    // A dry run of a one-row file: checks, writes nothing.
    call: (c) =>
      c.ledger.import({
        filename: "台账.csv",
        dryRun: true,
        base64: Buffer.from(
          "项目名称,投资方,行业,项目类别,所属乡镇,总投资(万元),当前阶段\n测试项目,测试公司,装备制造,工业,水屯镇,100,洽谈立项\n",
        ).toString("base64"),
      }),
  },
  "audit.forProject": {
    expect: { ...everyone("FORBIDDEN", "UNAUTHORIZED"), leadership: "ok", auditor: "ok" },
    call: (c, f, actor, target) => f.project(actor, target).then((projectId) => c.audit.forProject({ projectId })),
  },
};

function fixtures(db: Database): Fixtures {
  const used = new Set<string>();
  /** Projects the actor holds ("own") or that no demo user holds ("other"). */
  const projects = async (actor: Actor, target: Target) => {
    const mine =
      actor === "leader" || actor === "owner"
        ? sql`exists (select 1 from five_fixed_assignments f join users u on u.person_id in (f.leader_id, f.owner_id)
                      where f.project_id = p.id and f.valid_to is null and u.username = ${actor})`
        : actor === "investor"
          ? sql`p.investor_id = (select investor_id from users where username = 'investor')`
          : sql`true`;
    const nobodys = sql`not exists (select 1 from five_fixed_assignments f join users u on u.person_id in (f.leader_id, f.owner_id)
                          where f.project_id = p.id and f.valid_to is null)
                        and p.investor_id <> (select investor_id from users where username = 'investor')`;
    return rowsOf<{ id: number }>(db, sql`select p.id from projects p where ${target === "own" ? mine : nobodys} order by p.id`);
  };
  const take = <T extends { id: number }>(kind: string, candidates: T[]): T => {
    const fresh = candidates.find((c) => !used.has(`${kind}:${c.id}`));
    if (!fresh) throw new Error(`no unused ${kind} left`);
    used.add(`${kind}:${fresh.id}`);
    return fresh;
  };
  return {
    restoreDemoPassword: async (actor) => {
      // Every other demo user holds the demo password at this point.
      const username = USERNAMES[actor as Exclude<Actor, "anonymous">];
      const other = username === "admin" ? "auditor" : "admin";
      await db.execute(sql`update users set password_hash = (select password_hash from users where username = ${other})
                           where username = ${username}`);
    },
    project: async (actor, target) => (await projects(actor, target))[0]!.id,
    milestone: async (actor, target) => {
      const ids = (await projects(actor, target)).map((p) => p.id);
      const pending = await rowsOf<{ id: number; version: number; plannedDate: string }>(
        db,
        sql`select id, version, planned_date::text as "plannedDate" from milestones
            where status = 'pending' and project_id in (${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )}) order by id`,
      );
      return take("milestone", pending);
    },
    unreportedProject: async (actor, target) => {
      const ids = (await projects(actor, target)).map((p) => p.id);
      const free = await rowsOf<{ id: number }>(
        db,
        sql`select p.id from projects p where p.id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
            and not exists (select 1 from progress_reports r where r.project_id = p.id and r.period = ${`${TEST_TODAY.slice(0, 7)}-01`}::date)
            order by p.id`,
      );
      return take("project", free).id;
    },
    movableProject: async (actor, target) => {
      const ids = (await projects(actor, target)).map((p) => p.id);
      const movable = await rowsOf<{ id: number; version: number; stage: Stage }>(
        db,
        sql`select id, version, stage from projects where status = 'active' and stage <> 'hiring'
            and id in (${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )}) order by id`,
      );
      const p = take("movable", movable);
      return { id: p.id, version: p.version, next: STAGES[STAGES.indexOf(p.stage) + 1]! };
    },
    permit: async (target) => {
      const staffUnit = sql`(select pe.unit_id from users u join people pe on pe.id = u.person_id where u.username = 'staff')`;
      const candidates = await rowsOf<{ id: number; version: number }>(
        db,
        sql`select p.id, p.version from permits p join approval_items a on a.id = p.approval_item_id
            where p.status = 'not_started' and ${target === "own" ? sql`a.unit_id = ${staffUnit}` : sql`a.unit_id <> ${staffUnit}`}
            order by p.id`,
      );
      return take("permit", candidates);
    },
    problem: async (actor, target, status) => {
      // Times from the callers' clock, never the real one: a problem raised "3 days ago" must be
      // before the moment the caller resolves it, whatever today's date is.
      const daysBefore = (days: number) => new Date(TEST_NOW.getTime() - days * 86_400_000).toISOString();
      const projectId =
        actor === "leader" || actor === "owner"
          ? (await projects(actor, target))[0]!.id
          : (await projects("admin", "other"))[0]!.id;
      const staffUnit = sql`(select pe.unit_id from users u join people pe on pe.id = u.person_id where u.username = 'staff')`;
      const unit = target === "own" ? staffUnit : sql`(select min(id) from units where id <> ${staffUnit})`;
      const solved = status === "resolved";
      const [created] = await rowsOf<{ id: number; version: number }>(
        db,
        sql`insert into problems (project_id, category, description, assigned_unit_id, deadline, status, resolution, raised_at, resolved_at)
            values (${projectId}, 'utilities', '施工用电增容未落实', ${unit}, ${addDays(TEST_TODAY, 20)}::date, ${status},
                    ${solved ? "已通电" : null}, ${daysBefore(3)}, ${solved ? daysBefore(1) : null})
            returning id, version`,
      );
      return created!;
    },
    fiveFixed: async () => {
      const candidates = await rowsOf<{ id: number; version: number; leaderId: number; unitId: number; ownerId: number }>(
        db,
        sql`select project_id as id, version, leader_id as "leaderId", unit_id as "unitId", owner_id as "ownerId"
            from five_fixed_assignments where valid_to is null order by project_id`,
      );
      const ff = take("fiveFixed", candidates);
      return { projectId: ff.id, version: ff.version, leaderId: ff.leaderId, unitId: ff.unitId, ownerId: ff.ownerId };
    },
  };
}

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(testBackends())("the authorization table on %s", (kind) => {
  let database: TestDatabase;
  let f: Fixtures;
  useTestDatabase(kind, async (opened) => {
    database = opened;
    f = fixtures(database.db);
  });

  for (const [path, row] of Object.entries(TABLE)) {
    it(`${path}: every role, own and other`, async () => {
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const actor of ACTORS) {
        const expected = row.expect[actor];
        if (expected === undefined) throw new Error(`${path} has no expectation for ${actor}`);
        for (const target of ["own", "other"] as const) {
          const outcome = typeof expected === "string" ? expected : expected[target];
          const caller = actor === "anonymous" ? client(database.db).caller() : await signedIn(database.db, USERNAMES[actor]);
          seen.push(`${actor}/${target}: ${await outcomeOf(row.call(caller, f, actor, target))}`);
          wanted.push(`${actor}/${target}: ${outcome}`);
        }
      }
      expect(seen).toEqual(wanted);
    });
  }
});

/*
 * Separation of duties (三员分立): the system administrator may not make anyone an administrator or
 * an auditor, nor reset, disable or re-enable such an account — the auditor's, another admin's or its
 * own — and so cannot read the audit log through an account it controls.
 */
describe.each(testBackends())("the system administrator and the privileged accounts on %s", (kind) => {
  let database: TestDatabase;
  let admin: Caller;
  useTestDatabase(kind, async (opened) => {
    database = opened;
    admin = await signedIn(database.db, "admin");
  });

  const idOf = async (username: string) =>
    (await rowsOf<{ id: number }>(database.db, sql`select id from users where username = ${username}`))[0]!.id;

  it("may not create an auditor or an administrator account", async () => {
    for (const role of ["auditor", "admin"] as const) {
      await expect(admin.users.create({ username: `new-${role}`, role, password: "Strong#2026x" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const created = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from users where username like 'new-%'`,
    );
    expect(created[0]!.n).toBe(0);
  });

  it("may not reset, disable or re-enable the auditor's account, nor its own", async () => {
    for (const username of ["auditor", "admin"]) {
      const id = await idOf(username);
      await expect(admin.users.setPassword({ id, password: "Taken#Over2026" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(admin.users.setDisabled({ id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(admin.users.setDisabled({ id, disabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // The auditor still signs in with the password it had, and reads the log; nothing was audited as done.
    const auditor = await signedIn(database.db, "auditor");
    await expect(auditor.audit.list({})).resolves.toMatchObject({ total: expect.any(Number) });
    const done = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_events where entity = 'user' and action in ('set_password', 'disable', 'enable')`,
    );
    expect(done[0]!.n).toBe(0);
  });

  it("says why in the user's language", async () => {
    const english = await signedIn(database.db, "admin", { locale: "en" });
    await expect(english.users.setPassword({ id: await idOf("auditor"), password: "Taken#Over2026" })).rejects.toThrow(
      /separation of duties/,
    );
  });

  it("still manages the other roles' accounts", async () => {
    await expect(
      admin.users.create({ username: "window-2", role: "unit_staff", password: "Window#2026" }),
    ).resolves.toMatchObject({
      role: "unit_staff",
    });
    await expect(admin.users.setDisabled({ id: await idOf("window-2"), disabled: true })).resolves.toMatchObject({
      disabled: true,
    });
  });
});

describe("the authorization table", () => {
  it("has a row for every procedure of the API", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(TABLE).sort()).toEqual(procedures);
  });
});
