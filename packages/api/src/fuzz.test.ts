/**
 * Hostile input to every mutation: negative, NaN and huge amounts, impossible and injected dates,
 * 1 MB strings, NUL characters (PostgreSQL cannot store U+0000), SQL and HTML meta-characters in
 * typed fields, wrong types. Each must be refused with
 * BAD_REQUEST before anything is written; afterwards every table but the sign-in records is unchanged.
 */
import { type Database, rowsOf } from "@tracker/db";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { signedIn, type TestDatabase, useTestDatabase } from "./testing";

type Input = Record<string, unknown>;

/** For each mutation: who may call it, and a valid input to spoil one field at a time. */
const MUTATIONS: Record<string, { as: string; input: Input; freeText?: string[]; optional?: string[] }> = {
  "auth.login": { as: "leadership", input: { username: "leadership", password: "x" }, freeText: ["username", "password"] },
  "auth.changePassword": {
    as: "owner",
    input: { currentPassword: "x", newPassword: "y" },
    freeText: ["currentPassword", "newPassword"],
  },
  "milestones.plan": {
    as: "owner",
    input: { projectId: 1, stage: "construction", name: "消防验收", plannedDate: "2027-01-01" },
    freeText: ["name"],
  },
  "milestones.replan": {
    as: "owner",
    input: { id: 1, version: 1, plannedDate: "2027-01-01", reason: "设计调整" },
    freeText: ["reason"],
  },
  "milestones.complete": { as: "owner", input: { id: 1, version: 1, actualDate: "2026-11-01" } },
  "progress.submit": {
    as: "owner",
    input: { projectId: 1, period: "2026-10", investmentWan: 10, physicalPercent: 10, narrative: "施工中" },
    freeText: ["narrative"],
    optional: ["narrative"],
  },
  "projects.moveStage": {
    as: "leader",
    input: { id: 1, version: 1, stage: "land", reason: "退回" },
    freeText: ["reason"],
    optional: ["reason"],
  },
  "permits.move": { as: "staff", input: { id: 1, version: 1, to: "returned", missingMaterials: ["施工图"] } },
  "problems.raise": {
    as: "investor",
    input: { projectId: 1, category: "land", description: "用地争议", deadline: "2026-12-30" },
    freeText: ["description"],
  },
  "problems.assign": {
    as: "leadership",
    input: { id: 1, version: 1, assignedUnitId: 1, deadline: "2026-12-30" },
    optional: ["deadline"],
  },
  "problems.escalate": { as: "leadership", input: { id: 1, version: 1, reason: "逾期" }, freeText: ["reason"] },
  "problems.resolve": { as: "staff", input: { id: 1, version: 1, resolution: "已解决问题" }, freeText: ["resolution"] },
  "problems.verify": { as: "leadership", input: { id: 1, version: 1 } },
  "problems.reopen": { as: "leadership", input: { id: 1, version: 1, reason: "复查未通过" }, freeText: ["reason"] },
  "fiveFixed.set": {
    as: "leadership",
    input: {
      projectId: 1,
      version: 1,
      leaderId: 1,
      unitId: 1,
      ownerId: 1,
      targetTask: "年底封顶",
      deadline: "2027-01-01",
      reason: "调整",
    },
    freeText: ["targetTask", "reason"],
    optional: ["version", "reason"],
  },
  "projects.create": {
    as: "admin",
    input: {
      code: "2026-411702-35-03-990001",
      investorId: 1,
      signedDate: "2026-11-20",
      name: "测试装备制造项目",
      industry: "装备制造",
      category: "industrial",
      townshipId: 1,
      isKey: false,
      plannedStartDate: "2027-03-01",
      plannedCompletionDate: "2028-06-30",
      totalInvestmentWan: 20000,
      jobsPlanned: 300,
    },
    freeText: ["name", "industry"],
    optional: ["plannedStartDate", "plannedCompletionDate", "jobsPlanned", "isKey"],
  },
  "projects.update": {
    as: "admin",
    input: {
      id: 1,
      version: 1,
      name: "改名",
      totalInvestmentWan: 5000,
      plannedStartDate: "2027-01-01",
      plannedCompletionDate: "2027-12-31",
      status: "suspended",
    },
    freeText: ["name"],
    optional: ["name", "totalInvestmentWan", "plannedStartDate", "plannedCompletionDate", "status"],
  },
  "users.create": {
    as: "admin",
    input: { username: "fuzz", role: "owner", password: "Tracker#2026" },
    freeText: ["password"],
  },
  "ledger.import": {
    as: "admin",
    input: {
      filename: "台账.csv",
      dryRun: true,
      base64: Buffer.from(
        "项目名称,投资方,行业,项目类别,所属乡镇,总投资(万元),当前阶段\n甲,乙,装备制造,工业,水屯镇,1,洽谈立项\n",
      ).toString("base64"),
    },
    freeText: ["base64"],
    optional: ["dryRun"],
  },
  "users.setPassword": { as: "admin", input: { id: 5, password: "Tracker#2026" }, freeText: ["password"] },
  "users.setDisabled": { as: "admin", input: { id: 5, disabled: false } },
  "users.unlock": { as: "admin", input: { id: 5 } },
};

const MEGABYTE = "驿".repeat(1_048_576);
// biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
const META = ["' OR 1=1 --", "1; drop table projects; --", "<script>alert(1)</script>", "${7*7}", "\u0000"];
/** A valid string with U+0000 inside, at the end, and alone. */
const withNul = (value: string) => [`${value.slice(0, 1)}\u0000${value.slice(1)}`, `${value}\u0000`, "\u0000"];

/** The spoiled values for one field, from the kind of its valid value. */
function spoil(key: string, value: unknown, freeText: readonly string[]): unknown[] {
  if (typeof value === "number") return [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e20, "1", null, ...META];
  if (typeof value === "boolean") return ["true", 1, null];
  if (Array.isArray(value)) {
    return [[], [MEGABYTE], "施工图", [1], Array(1000).fill("x"), ...withNul(String(value[0])).map((v) => [v])];
  }
  if (typeof value === "string" && /^\d{4}-\d{2}(-\d{2})?$/.test(value)) {
    return value.length === 7
      ? ["2026-13", "2026-1", "1899-01", MEGABYTE, ...META, ...withNul(value), 202610]
      : ["2026-02-30", "2026-13-01", "26-1-1", "2026-11-28T00:00:00Z", MEGABYTE, ...META, ...withNul(value), 20261128];
  }
  if (typeof value === "string" && freeText.includes(key)) return [MEGABYTE, ...withNul(value), 42, null];
  // Enumerations and identifiers: nothing but the listed values passes.
  return [MEGABYTE, ...META, ...withNul(String(value)), "", 42, null];
}

async function counts(db: Database): Promise<Record<string, number>> {
  const rows = await rowsOf<{ t: string; n: number }>(
    db,
    sql`
    select 'projects' as t, count(*)::int as n from projects union all select 'milestones', count(*)::int from milestones
    union all select 'milestone_replans', count(*)::int from milestone_replans union all select 'permits', count(*)::int from permits
    union all select 'progress_reports', count(*)::int from progress_reports union all select 'problems', count(*)::int from problems
    union all select 'five_fixed', count(*)::int from five_fixed_assignments union all select 'users', count(*)::int from users
    union all select 'changes', count(*)::int from audit_events where action not like 'login%'
    union all select 'versions', coalesce(sum(version), 0)::int from (select version from projects union all select version from milestones
      union all select version from permits union all select version from problems union all select version from progress_reports) v`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

describe("hostile input to every mutation", () => {
  let database: TestDatabase;
  useTestDatabase("pglite", async (opened) => {
    database = opened;
  });

  it("covers every mutation of the API", () => {
    const mutations = Object.entries(appRouter._def.procedures)
      .filter(([, p]) => (p as unknown as { _def: { type: string } })._def.type === "mutation")
      .map(([path]) => path)
      .filter((path) => path !== "auth.logout") // takes no input
      .sort();
    expect(Object.keys(MUTATIONS).sort()).toEqual(mutations);
  });

  it("refuses every spoiled field with BAD_REQUEST and stores nothing", async () => {
    const before = await counts(database.db);
    const callers = new Map<string, Awaited<ReturnType<typeof signedIn>>>();
    const wrong: string[] = [];
    let cases = 0;
    for (const [path, spec] of Object.entries(MUTATIONS)) {
      const caller = callers.get(spec.as) ?? (await signedIn(database.db, spec.as));
      callers.set(spec.as, caller);
      const [group, name] = path.split(".") as [string, string];
      const call = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]![name]!;
      const variants: Input[] = [];
      for (const [key, value] of Object.entries(spec.input)) {
        for (const bad of spoil(key, value, spec.freeText ?? [])) variants.push({ ...spec.input, [key]: bad });
        const { [key]: _omitted, ...missing } = spec.input;
        if (!spec.optional?.includes(key)) variants.push(missing);
      }
      if ("plannedStartDate" in spec.input) {
        // Dates out of order.
        variants.push({
          ...spec.input,
          plannedStartDate: spec.input.plannedCompletionDate,
          plannedCompletionDate: spec.input.plannedStartDate,
        });
      }
      variants.push("not an object" as unknown as Input, [] as unknown as Input);
      for (const variant of variants) {
        cases++;
        const outcome = await call(variant).then(
          () => "ok",
          (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
        );
        if (outcome !== "BAD_REQUEST") wrong.push(`${path} ${JSON.stringify(variant).slice(0, 160)} → ${outcome}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cases).toBeGreaterThan(300);
    expect(await counts(database.db)).toEqual(before);
  }, 180_000);

  it("refuses NUL in the text inputs of queries with BAD_REQUEST and a field message", async () => {
    const leadership = await signedIn(database.db, "leadership", { locale: "en" });
    const auditor = await signedIn(database.db, "auditor");
    const columns = [{ key: "name", title: "项目\u0000名称" }] as const;
    const calls: [string, () => Promise<unknown>][] = [
      ["projects.list q", () => leadership.projects.list({ q: "华骏\u0000" })],
      ["projects.list industry", () => leadership.projects.list({ industry: "\u0000" })],
      ["projects.export title", () => leadership.projects.export({ columns: [...columns] })],
      ["audit.list username", () => auditor.audit.list({ username: "admin\u0000" })],
      ["audit.list entity", () => auditor.audit.list({ entity: "project\u0000" })],
      ["audit.list action", () => auditor.audit.list({ action: "\u0000" })],
    ];
    for (const [what, call] of calls) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, what).toBe("BAD_REQUEST");
    }
    const error = (await leadership.projects.list({ q: "\u0000" }).catch((e: unknown) => e)) as TRPCError;
    const z = error.cause as unknown as { issues: { path: string[]; message: string }[] };
    expect(z.issues).toEqual([expect.objectContaining({ path: ["q"], message: "must not contain the NUL character (U+0000)" })]);
  });

  it("stores SQL and HTML meta-characters in free text verbatim, as text", async () => {
    const investor = await signedIn(database.db, "investor");
    const [own] = (await investor.projects.list({})).items;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
    const text = "'; drop table projects; -- <script>alert('x')</script> ${7*7}";
    const raised = await investor.problems.raise({
      projectId: own!.id,
      category: "other",
      description: text,
      deadline: "2026-12-30",
    });
    expect(raised.description).toBe(text);
    expect((await investor.projects.list({})).total).toBe(3);
  });
});
