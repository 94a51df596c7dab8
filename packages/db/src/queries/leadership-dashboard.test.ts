import { addDays, addMonths, daysBetween, monthStart, RAG_REASON_KINDS, type RagReasonKind, workingDays } from "@tracker/domain";
import { type SQL, sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, rowsOf } from "../client";
import { openTestDatabase, TEST_TODAY, type TestDatabase, testBackends } from "../testing";
import {
  type DashboardFilter,
  dashboardSummary,
  INVESTMENT_MONTHS,
  investmentBreakdown,
  investmentByMonth,
  type LeagueRow,
  leagueTables,
  overdueItems,
  overdueTotals,
  ragReasonCounts,
} from "./index";
import { getProject, type ProjectDetail } from "./projects";

/*
 * Every figure is checked against plain SQL written independently of the panels' statements, or
 * against the domain (computeRag through getProject), on the seeded demo district.
 */

async function one<T>(db: Database, query: SQL): Promise<T> {
  return (await rowsOf<T>(db, query))[0]!;
}

/** The 24 months before TEST_TODAY's month (2026-11): 2024-11 … 2026-10. */
const WINDOW_FIRST = "2024-11-01";
const WINDOW_LAST = "2026-10-01";

function isNonIncreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1]! >= v);
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Planned investment per month computed exactly in JS (rational sums with BigInt), rounded half up,
 * from the raw project rows: a separate implementation of the spreading rule.
 */
function plannedByMonthExact(projects: { start: string; end: string; total: number }[], months: string[]): number[] {
  return months.map((month) => {
    const m = monthIndex(`${month}-01`);
    const byLength = new Map<bigint, bigint>();
    for (const p of projects) {
      const s = monthIndex(p.start);
      const e = monthIndex(p.end);
      if (m < s || m > e) continue;
      const n = BigInt(e - s + 1);
      byLength.set(n, (byLength.get(n) ?? 0n) + BigInt(p.total));
    }
    let lcm = 1n;
    for (const n of byLength.keys()) lcm = (lcm / gcd(lcm, n)) * n;
    let numerator = 0n;
    for (const [n, sum] of byLength) numerator += sum * (lcm / n);
    return Number((2n * numerator + lcm) / (2n * lcm));
  });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe.each(testBackends())("the leadership dashboard's queries on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;
  /** Every project's page (with computeRag's reasons), by id. */
  const details = new Map<number, ProjectDetail>();
  let townships: { id: number; n: number }[];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
    const ids = await rowsOf<{ id: number }>(db, sql`select id from projects order by id`);
    for (let i = 0; i < ids.length; i += 16) {
      const batch = await Promise.all(
        ids.slice(i, i + 16).map((r) => getProject(db, r.id, TEST_TODAY, { withInvestorContacts: true })),
      );
      for (const d of batch) details.set(d!.id, d!);
    }
    townships = await rowsOf<{ id: number; n: number }>(
      db,
      sql`select township_id as id, count(*)::int as n from projects group by township_id order by n desc, township_id`,
    );
  });
  afterAll(() => database?.dispose());

  /** Kind → number of projects with at least one such reason, from the domain's computeRag. */
  function domainReasonCounts(keep: (d: ProjectDetail) => boolean): Record<RagReasonKind, number> {
    const counts = Object.fromEntries(RAG_REASON_KINDS.map((k) => [k, 0])) as Record<RagReasonKind, number>;
    for (const d of details.values()) {
      if (!keep(d)) continue;
      for (const k of new Set(d.rag.reasons.map((r) => r.kind))) counts[k]++;
    }
    return counts;
  }

  /** The four overdue counts by independent plain SQL, optionally for one township. */
  async function plainOverdueCounts(townshipId?: number) {
    const inTownship = townshipId ? sql`and project_id in (select id from projects where township_id = ${townshipId})` : sql``;
    return one<{ fiveFixed: number; milestones: number; permits: number; problems: number }>(
      db,
      sql`select
        (select count(*) from five_fixed_assignments where valid_to is null and achieved_date is null
           and deadline < ${TEST_TODAY}::date ${inTownship})::int as "fiveFixed",
        (select count(*) from milestones where status = 'pending' and planned_date < ${TEST_TODAY}::date ${inTownship})::int as milestones,
        (select count(*) from permits where status in ('submitted','in_review') and due_date < ${TEST_TODAY}::date ${inTownship})::int
          as permits,
        (select count(*) from problems where status in ('open','in_progress') and deadline < ${TEST_TODAY}::date ${inTownship})::int
          as problems`,
    );
  }

  describe("investmentBreakdown and the year's counts", () => {
    /** Plain rows of every project, grouped in JS: an implementation independent of the panel's SQL. */
    async function plainProjects() {
      return rowsOf<{ industry: string; township: string; townshipId: number; total: number; completed: number }>(
        db,
        sql`select p.industry, t.name as township, t.id::int as "townshipId", p.total_investment_wan::float8 as total,
                   p.completed_investment_wan::float8 as completed
            from projects p join townships t on t.id = p.township_id`,
      );
    }

    function groupSum<T>(items: T[], key: (x: T) => string, pick: (x: T) => { total: number; completed: number }) {
      const out = new Map<string, { projects: number; totalWan: number; completedWan: number }>();
      for (const x of items) {
        const g = out.get(key(x)) ?? { projects: 0, totalWan: 0, completedWan: 0 };
        g.projects++;
        g.totalWan += pick(x).total;
        g.completedWan += pick(x).completed;
        out.set(key(x), g);
      }
      return out;
    }

    it("sums projects, total and completed investment per industry and per township, largest first", async () => {
      const plain = await plainProjects();
      const breakdown = await investmentBreakdown(db, {});
      const industries = groupSum(
        plain,
        (p) => p.industry,
        (p) => p,
      );
      expect(new Map(breakdown.byIndustry.map(({ name, townshipId: _, ...rest }) => [name, rest]))).toEqual(industries);
      expect(isNonIncreasing(breakdown.byIndustry.map((r) => r.totalWan))).toBe(true);
      expect(breakdown.byIndustry.reduce((s, r) => s + r.totalWan, 0)).toBe(2_638_000);

      const allTownships = await one<{ n: number }>(db, sql`select count(*)::int as n from townships`);
      expect(breakdown.byTownship).toHaveLength(allTownships.n);
      const byTownship = groupSum(
        plain,
        (p) => p.township,
        (p) => p,
      );
      for (const r of breakdown.byTownship) {
        expect({ projects: r.projects, totalWan: r.totalWan, completedWan: r.completedWan }).toEqual(
          byTownship.get(r.name) ?? { projects: 0, totalWan: 0, completedWan: 0 },
        );
      }
      expect(isNonIncreasing(breakdown.byTownship.map((r) => r.totalWan))).toBe(true);
      expect(breakdown.byTownship.reduce((s, r) => s + r.completedWan, 0)).toBe(687_000);
    });

    it("scopes the breakdown to one township", async () => {
      const top = townships[0]!;
      const breakdown = await investmentBreakdown(db, { townshipId: top.id });
      expect(breakdown.byIndustry.reduce((s, r) => s + r.projects, 0)).toBe(top.n);
      expect(breakdown.byTownship.filter((r) => r.projects > 0).map((r) => r.townshipId)).toEqual([top.id]);
    });

    it("counts the projects started and settled (signed) in today's year", async () => {
      const plain = await one<{ started: number; settled: number }>(
        db,
        sql`select count(*) filter (where extract(year from actual_start_date) = 2026)::int as started,
                   count(*) filter (where extract(year from signed_date) = 2026)::int as settled
            from projects`,
      );
      const summary = await dashboardSummary(db, {}, TEST_TODAY);
      expect(summary.year).toBe(2026);
      expect(summary.startedThisYearCount).toBe(plain.started);
      expect(summary.settledThisYearCount).toBe(plain.settled);
      // The demo district has both, so the cards have something to show.
      expect(plain.started).toBeGreaterThan(0);
      expect(plain.settled).toBeGreaterThan(0);
    });
  });

  describe("investmentByMonth", () => {
    it("lists the 24 months before today's month, oldest first, with the reports' sums per month", async () => {
      const months = await investmentByMonth(db, {}, TEST_TODAY);
      expect(months).toHaveLength(INVESTMENT_MONTHS);
      expect(months.map((m) => m.month)).toEqual(Array.from({ length: 24 }, (_, i) => addMonths(WINDOW_FIRST, i).slice(0, 7)));
      expect(months[0]!.month).toBe("2024-11");
      expect(months.at(-1)!.month).toBe("2026-10");

      const plain = await rowsOf<{ month: string; wan: string }>(
        db,
        sql`select to_char(period, 'YYYY-MM') as month, sum(investment_wan)::text as wan from progress_reports
            where period >= ${WINDOW_FIRST}::date and period <= ${WINDOW_LAST}::date group by period order by period`,
      );
      const total = await one<{ wan: string }>(
        db,
        sql`select sum(investment_wan)::text as wan from progress_reports
            where period >= ${WINDOW_FIRST}::date and period < ${monthStart(TEST_TODAY)}::date`,
      );
      expect(months.reduce((s, m) => s + m.completedWan, 0)).toBe(Number(total.wan));
      expect(Number(total.wan)).toBeGreaterThan(0);
      const byMonth = new Map(plain.map((p) => [p.month, Number(p.wan)]));
      for (const m of months)
        expect({ month: m.month, wan: m.completedWan }).toEqual({ month: m.month, wan: byMonth.get(m.month) ?? 0 });
      // Today's month has reports, and they stay out of the window.
      const current = await one<{ n: number }>(
        db,
        sql`select count(*)::int as n from progress_reports where period = ${monthStart(TEST_TODAY)}::date`,
      );
      expect(current.n).toBeGreaterThan(0);
    });

    it("spreads each project's total evenly over its planned months, as an exact computation does", async () => {
      const months = await investmentByMonth(db, {}, TEST_TODAY);
      const projects = await rowsOf<{ start: string; end: string; total: number }>(
        db,
        sql`select to_char(planned_start_date, 'YYYY-MM-DD') as start, to_char(planned_completion_date, 'YYYY-MM-DD') as "end",
                   total_investment_wan::float8 as total
            from projects where planned_start_date is not null and planned_completion_date is not null`,
      );
      const expected = plannedByMonthExact(
        projects,
        months.map((m) => m.month),
      );
      expect(months.map((m) => m.plannedWan)).toEqual(expected);
      expect(expected.filter((w) => w > 0)).toHaveLength(INVESTMENT_MONTHS);
    });

    it("adds up over the townships for completed investment, and to within rounding for planned", async () => {
      const all = await investmentByMonth(db, {}, TEST_TODAY);
      const parts = await Promise.all(townships.map((t) => investmentByMonth(db, { townshipId: t.id }, TEST_TODAY)));
      for (const [i, m] of all.entries()) {
        expect(parts.reduce((s, p) => s + p[i]!.completedWan, 0)).toBe(m.completedWan);
        expect(Math.abs(parts.reduce((s, p) => s + p[i]!.plannedWan, 0) - m.plannedWan)).toBeLessThanOrEqual(
          townships.length / 2,
        );
      }
    });
  });

  describe("ragReasonCounts", () => {
    it("counts projects per reason kind exactly as computeRag does for all 364 projects, most frequent first", async () => {
      expect(details.size).toBe(364);
      const counts = await ragReasonCounts(db, {}, TEST_TODAY);
      expect(counts.map((c) => c.kind).sort()).toEqual([...RAG_REASON_KINDS].sort());
      expect(Object.fromEntries(counts.map((c) => [c.kind, c.projects]))).toEqual(domainReasonCounts(() => true));
      expect(isNonIncreasing(counts.map((c) => c.projects))).toBe(true);
      for (const c of counts) expect(c.colour).toBe(c.kind.endsWith("_overdue") ? "red" : "amber");
      // Not vacuous: the demo district has projects late on every kind of item.
      for (const k of ["five_fixed_overdue", "milestone_overdue", "permit_overdue", "problem_overdue"] as const)
        expect(counts.find((c) => c.kind === k)!.projects).toBeGreaterThan(0);
    });

    it("agrees with the domain for an investor's and a unit's projects", async () => {
      const investor = [...details.values()].find((d) => d.name === "华骏铸造二期")!.investorId;
      const byInvestor = await ragReasonCounts(db, { investorId: investor }, TEST_TODAY);
      expect(Object.fromEntries(byInvestor.map((c) => [c.kind, c.projects]))).toEqual(
        domainReasonCounts((d) => d.investorId === investor),
      );
      const unit = [...details.values()].find((d) => d.rag.colour === "red" && d.fiveFixed)!.fiveFixed!.unitId;
      const byUnit = await ragReasonCounts(db, { unitId: unit }, TEST_TODAY);
      const expected = domainReasonCounts((d) => d.fiveFixed?.unitId === unit);
      expect(Object.fromEntries(byUnit.map((c) => [c.kind, c.projects]))).toEqual(expected);
      expect(Object.values(expected).some((n) => n > 0)).toBe(true);
    });
  });

  describe("overdueItems", () => {
    it("lists what is late up to the limit, most late first, with totals matching plain SQL", async () => {
      const plain = await plainOverdueCounts();
      const items = await overdueItems(db, {}, TEST_TODAY);
      expect(items.totals).toEqual(plain);
      expect(await overdueTotals(db, {}, TEST_TODAY)).toEqual(plain);
      expect(items.fiveFixed).toHaveLength(Math.min(50, plain.fiveFixed));
      expect(items.milestones).toHaveLength(Math.min(50, plain.milestones));
      expect(items.permits).toHaveLength(Math.min(50, plain.permits));
      expect(items.problems).toHaveLength(Math.min(50, plain.problems));
      expect(Object.values(plain).every((n) => n > 0)).toBe(true);

      for (const list of [items.fiveFixed, items.milestones, items.problems]) {
        expect(list.every((i) => i.daysLate > 0)).toBe(true);
        expect(isNonIncreasing(list.map((i) => i.daysLate))).toBe(true);
      }
      for (const f of items.fiveFixed) expect(f.daysLate).toBe(daysBetween(f.deadline, TEST_TODAY));
      for (const m of items.milestones) expect(m.daysLate).toBe(daysBetween(m.plannedDate, TEST_TODAY));
      for (const p of items.problems) expect(p.daysLate).toBe(daysBetween(p.deadline, TEST_TODAY));
      expect(items.permits.every((p) => p.dueDate < TEST_TODAY && p.workingDaysLate >= 0)).toBe(true);
      expect(isNonIncreasing(items.permits.map((p) => p.workingDaysLate))).toBe(true);
      expect(items.permits[0]!.workingDaysLate).toBeGreaterThan(0);
    });

    it("names the same items, owners and dates as the project pages do", async () => {
      const items = await overdueItems(db, {}, TEST_TODAY, 10_000);
      const plain = await plainOverdueCounts();
      expect(items.totals).toEqual(plain);
      expect([items.fiveFixed.length, items.milestones.length, items.permits.length, items.problems.length]).toEqual([
        plain.fiveFixed,
        plain.milestones,
        plain.permits,
        plain.problems,
      ]);
      for (const f of items.fiveFixed) {
        const d = details.get(f.projectId)!;
        expect(f).toMatchObject({
          projectName: d.name,
          targetTask: d.fiveFixed!.targetTask,
          deadline: d.fiveFixed!.deadline,
          leaderName: d.fiveFixed!.leaderName,
          ownerName: d.fiveFixed!.ownerName,
        });
        expect(d.fiveFixed!.achievedDate).toBeNull();
      }
      for (const m of items.milestones) {
        const d = details.get(m.projectId)!;
        const milestone = d.milestones.find((x) => x.id === m.milestoneId)!;
        expect({ name: milestone.name, plannedDate: milestone.plannedDate, actualDate: milestone.actualDate }).toEqual({
          name: m.name,
          plannedDate: m.plannedDate,
          actualDate: null,
        });
        expect({ leaderName: m.leaderName, ownerName: m.ownerName }).toEqual({
          leaderName: d.fiveFixed?.leaderName ?? null,
          ownerName: d.fiveFixed?.ownerName ?? null,
        });
      }
      for (const p of items.permits) {
        const permit = details.get(p.projectId)!.permits.find((x) => x.id === p.permitId)!;
        expect({ ...p, overdue: true }).toMatchObject({
          itemName: permit.name,
          unitName: permit.unitName,
          dueDate: permit.dueDate,
          workingDaysLate: -permit.workingDaysLeft!,
          overdue: permit.overdue,
        });
        expect(p.workingDaysLate).toBe(workingDays.workingDaysBetween(p.dueDate, TEST_TODAY));
      }
      for (const p of items.problems) {
        const problem = details.get(p.projectId)!.problems.find((x) => x.id === p.problemId)!;
        expect(p).toMatchObject({
          description: problem.description,
          assignedUnitName: problem.assignedUnitName,
          escalationLevel: problem.escalationLevel,
          deadline: problem.deadline,
        });
        expect(["open", "in_progress"]).toContain(problem.status);
      }
      // The five-fixed unit's short name, by plain SQL.
      const units = await rowsOf<{ project_id: number; short_name: string }>(
        db,
        sql`select f.project_id, u.short_name from five_fixed_assignments f join units u on u.id = f.unit_id where f.valid_to is null`,
      );
      const unitOf = new Map(units.map((u) => [u.project_id, u.short_name]));
      for (const f of items.fiveFixed) expect(f.unitName).toBe(unitOf.get(f.projectId));
    });

    it("cuts each list at the limit without changing its order", async () => {
      const full = await overdueItems(db, {}, TEST_TODAY, 10_000);
      const top = await overdueItems(db, {}, TEST_TODAY, 3);
      expect(top.fiveFixed).toEqual(full.fiveFixed.slice(0, 3));
      expect(top.milestones).toEqual(full.milestones.slice(0, 3));
      expect(top.permits).toEqual(full.permits.slice(0, 3));
      expect(top.problems).toEqual(full.problems.slice(0, 3));
      expect(top.totals).toEqual(full.totals);
      const none = await overdueItems(db, {}, TEST_TODAY, 0);
      expect([none.fiveFixed, none.milestones, none.permits, none.problems]).toEqual([[], [], [], []]);
      expect(none.totals).toEqual(full.totals);
    });
  });

  describe("leagueTables", () => {
    it("counts every project once per table and every overdue item once", async () => {
      const tables = await leagueTables(db, {}, TEST_TODAY);
      const sum = (list: LeagueRow[], f: (r: LeagueRow) => number) => list.reduce((s, r) => s + f(r), 0);
      expect(sum(tables.leaders, (r) => r.projects)).toBe(364);
      expect(sum(tables.units, (r) => r.projects)).toBe(364);
      expect(sum(tables.townships, (r) => r.projects)).toBe(364);
      expect(tables.townships).toHaveLength(16);

      const plain = await plainOverdueCounts();
      const overdueTotal = plain.fiveFixed + plain.milestones + plain.permits + plain.problems;
      expect(sum(tables.townships, (r) => r.overdueCount)).toBe(overdueTotal);
      expect(sum(tables.leaders, (r) => r.overdueCount)).toBe(overdueTotal);
      expect(sum(tables.units, (r) => r.overdueCount)).toBe(overdueTotal);

      const resolved = await one<{ n: number }>(
        db,
        sql`select count(*)::int as n from problems where status in ('resolved','verified')`,
      );
      expect(sum(tables.townships, (r) => r.problemsResolved)).toBe(resolved.n);
      expect(sum(tables.leaders, (r) => r.problemsResolved)).toBe(resolved.n);
    });

    it("ranks by on-time rate, then overdue count, with each group's figures matching plain SQL", async () => {
      const tables = await leagueTables(db, {}, TEST_TODAY);
      for (const list of [tables.leaders, tables.units, tables.townships]) {
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1]!, list[i]!];
          const rateA = a.onTimeRate ?? -1;
          const rateB = b.onTimeRate ?? -1;
          expect(rateA > rateB || (rateA === rateB && a.overdueCount <= b.overdueCount)).toBe(true);
        }
        for (const r of list) if (r.onTimeRate !== null) expect(r.onTimeRate >= 0 && r.onTimeRate <= 1).toBe(true);
      }

      // Township figures, from the raw tables in another shape: one row per milestone / problem.
      const ms = await rowsOf<{ township_id: number; due: number; on_time: number; overdue: number }>(
        db,
        sql`select p.township_id,
                   sum(case when m.status = 'done' or m.planned_date < ${TEST_TODAY}::date then 1 else 0 end)::int as due,
                   sum(case when m.status = 'done' and m.actual_date <= m.planned_date then 1 else 0 end)::int as on_time,
                   sum(case when m.status = 'pending' and m.planned_date < ${TEST_TODAY}::date then 1 else 0 end)::int as overdue
            from milestones m join projects p on p.id = m.project_id group by p.township_id`,
      );
      const problems = await rowsOf<{
        township_id: number;
        status: string;
        deadline: string;
        raised: number;
        resolved: number | null;
      }>(
        db,
        sql`select p.township_id, pr.status, pr.deadline::text as deadline, extract(epoch from pr.raised_at)::float8 as raised,
                   extract(epoch from pr.resolved_at)::float8 as resolved
            from problems pr join projects p on p.id = pr.project_id`,
      );
      const names = await rowsOf<{ id: number; name: string }>(db, sql`select id, name from townships`);
      for (const t of tables.townships) {
        const m = ms.find((x) => x.township_id === t.id)!;
        const own = problems.filter((p) => p.township_id === t.id);
        const solved = own.filter((p) => p.status === "resolved" || p.status === "verified");
        expect(t.name).toBe(names.find((n) => n.id === t.id)!.name);
        expect(t.projects).toBe(townships.find((x) => x.id === t.id)!.n);
        expect(t.onTimeRate).toBeCloseTo(m.on_time / m.due, 12);
        expect(t.problemsResolved).toBe(solved.length);
        // Whole days from raised to resolved, as the league counts them (resolve_days).
        const med = median(solved.map((p) => Math.round((p.resolved! - p.raised) / 86_400)));
        if (med === null) expect(t.medianDaysToResolve).toBeNull();
        else expect(Math.abs(t.medianDaysToResolve! - med)).toBeLessThanOrEqual(0.05 + 1e-9);
        const openLate = own.filter((p) => (p.status === "open" || p.status === "in_progress") && p.deadline < TEST_TODAY).length;
        const ffLate = [...details.values()].filter(
          (d) => d.townshipId === t.id && d.fiveFixed?.deadline && !d.fiveFixed.achievedDate && d.fiveFixed.deadline < TEST_TODAY,
        ).length;
        const permitsLate = [...details.values()]
          .filter((d) => d.townshipId === t.id)
          .reduce((s, d) => s + d.permits.filter((p) => p.overdue).length, 0);
        expect({ id: t.id, overdue: t.overdueCount }).toEqual({ id: t.id, overdue: m.overdue + openLate + ffLate + permitsLate });
      }
    });

    it("ranks leaders by their current five-fixed projects", async () => {
      const tables = await leagueTables(db, {}, TEST_TODAY);
      const plain = await rowsOf<{ id: number; name: string; projects: number; due: number; on_time: number }>(
        db,
        sql`select pe.id, pe.name, count(distinct f.project_id)::int as projects,
                   count(m.id) filter (where m.status = 'done' or m.planned_date < ${TEST_TODAY}::date)::int as due,
                   count(m.id) filter (where m.status = 'done' and m.actual_date <= m.planned_date)::int as on_time
            from five_fixed_assignments f join people pe on pe.id = f.leader_id left join milestones m on m.project_id = f.project_id
            where f.valid_to is null group by pe.id, pe.name`,
      );
      expect(tables.leaders.map((l) => l.id).sort((a, b) => a - b)).toEqual(plain.map((p) => p.id).sort((a, b) => a - b));
      for (const l of tables.leaders) {
        const p = plain.find((x) => x.id === l.id)!;
        expect({ name: l.name, projects: l.projects }).toEqual({ name: p.name, projects: p.projects });
        expect(l.onTimeRate).toBeCloseTo(p.on_time / p.due, 12);
      }
    });
  });

  describe("a filter narrows every panel consistently", () => {
    it("by township", async () => {
      const all = await leagueTables(db, {}, TEST_TODAY);
      for (const t of [townships[0]!, townships.at(-1)!]) {
        const filter: DashboardFilter = { townshipId: t.id };
        const inTownship = (id: number) => details.get(id)!.townshipId === t.id;

        const months = await investmentByMonth(db, filter, TEST_TODAY);
        expect(months).toHaveLength(24);
        const completed = await one<{ wan: string | null }>(
          db,
          sql`select sum(r.investment_wan)::text as wan from progress_reports r join projects p on p.id = r.project_id
              where p.township_id = ${t.id} and r.period between ${WINDOW_FIRST}::date and ${WINDOW_LAST}::date`,
        );
        expect(months.reduce((s, m) => s + m.completedWan, 0)).toBe(Number(completed.wan ?? 0));
        const spans = [...details.values()]
          .filter((d) => d.townshipId === t.id && d.plannedStartDate && d.plannedCompletionDate)
          .map((d) => ({ start: d.plannedStartDate!, end: d.plannedCompletionDate!, total: d.totalInvestmentWan }));
        expect(months.map((m) => m.plannedWan)).toEqual(
          plannedByMonthExact(
            spans,
            months.map((m) => m.month),
          ),
        );

        const reasons = await ragReasonCounts(db, filter, TEST_TODAY);
        expect(Object.fromEntries(reasons.map((c) => [c.kind, c.projects]))).toEqual(domainReasonCounts((d) => inTownship(d.id)));

        const items = await overdueItems(db, filter, TEST_TODAY, 10_000);
        expect(items.totals).toEqual(await plainOverdueCounts(t.id));
        for (const list of [items.fiveFixed, items.milestones, items.permits, items.problems])
          expect(list.every((i) => inTownship(i.projectId))).toBe(true);

        const tables = await leagueTables(db, filter, TEST_TODAY);
        expect(tables.townships).toEqual([all.townships.find((x) => x.id === t.id)]);
        expect(tables.leaders.reduce((s, r) => s + r.projects, 0)).toBe(t.n);
        expect(tables.units.reduce((s, r) => s + r.overdueCount, 0)).toBe(tables.townships[0]!.overdueCount);
        const overdue = items.totals;
        expect(tables.townships[0]!.overdueCount).toBe(
          overdue.fiveFixed + overdue.milestones + overdue.permits + overdue.problems,
        );
      }
    });

    it("by township, summed over all townships, gives the district's figures", async () => {
      const all = await overdueTotals(db, {}, TEST_TODAY);
      const parts = await Promise.all(townships.map((t) => overdueTotals(db, { townshipId: t.id }, TEST_TODAY)));
      for (const k of ["fiveFixed", "milestones", "permits", "problems"] as const)
        expect(parts.reduce((s, p) => s + p[k], 0)).toBe(all[k]);
      const reasons = await ragReasonCounts(db, {}, TEST_TODAY);
      const reasonParts = await Promise.all(townships.map((t) => ragReasonCounts(db, { townshipId: t.id }, TEST_TODAY)));
      for (const r of reasons)
        expect(reasonParts.reduce((s, p) => s + p.find((x) => x.kind === r.kind)!.projects, 0)).toBe(r.projects);
    });

    it("by responsible unit: that unit's league row is the whole units table", async () => {
      const all = await leagueTables(db, {}, TEST_TODAY);
      const unit = all.units.find((u) => u.projects > 5 && u.overdueCount > 0)!;
      const tables = await leagueTables(db, { unitId: unit.id }, TEST_TODAY);
      expect(tables.units).toEqual([unit]);
      expect(tables.townships.reduce((s, r) => s + r.projects, 0)).toBe(unit.projects);
      const items = await overdueItems(db, { unitId: unit.id }, TEST_TODAY, 10_000);
      const t = items.totals;
      expect(t.fiveFixed + t.milestones + t.permits + t.problems).toBe(unit.overdueCount);
      for (const list of [items.fiveFixed, items.milestones, items.permits, items.problems])
        expect(list.every((i) => details.get(i.projectId)!.fiveFixed?.unitId === unit.id)).toBe(true);
    });
  });

  describe("edge cases the demo data does not hold (changed in a transaction that is rolled back)", () => {
    it("reads only current five-fixed rows, ignores re-plans of done milestones, counts a span ending on the first month", async () => {
      const before = await overdueItems(db, {}, TEST_TODAY, 10_000);
      const leaguesBefore = await leagueTables(db, {}, TEST_TODAY);
      const a = before.milestones[0]!.projectId;
      const b = before.fiveFixed.find((f) => f.projectId !== a)!.projectId;
      const newLeader = leaguesBefore.leaders.find((l) => l.id !== details.get(a)!.fiveFixed!.leaderId)!;
      const c = [...details.values()].find((d) => !d.rag.reasons.some((r) => r.kind === "milestone_replanned"))!;
      const doneMilestone = c.milestones.find((m) => m.actualDate !== null)!;
      const d = [...details.values()].find((x) => ![a, b, c.id].includes(x.id))!;
      try {
        await db.transaction(async (tx) => {
          // A: reassigned to another leader, the old row kept as history.
          // B: reassigned with a new deadline in the future, so its old overdue target is history.
          for (const [projectId, leaderId, deadline] of [
            [a, newLeader.id, null],
            [b, null, addDays(TEST_TODAY, 100)],
          ] as const) {
            await tx.execute(
              sql`update five_fixed_assignments set valid_to = now() where project_id = ${projectId} and valid_to is null`,
            );
            await tx.execute(sql`insert into five_fixed_assignments (project_id, leader_id, unit_id, owner_id, target_task, deadline, valid_from)
              select project_id, coalesce(${leaderId}::int, leader_id), unit_id, owner_id, target_task,
                     coalesce(${deadline}::date, deadline), now()
              from five_fixed_assignments where project_id = ${projectId} and valid_to is not null`);
          }
          // C: a done milestone re-planned many times is no reason for amber.
          await tx.execute(sql`update milestones set replan_count = 5 where id = ${doneMilestone.id}`);
          // D: planned from mid-October to the first day of the window's first month.
          await tx.execute(sql`update projects set planned_start_date = '2024-10-15', planned_completion_date = ${WINDOW_FIRST}::date
                               where id = ${d.id}`);

          const changed = new Map(details);
          for (const id of [a, b, c.id, d.id])
            changed.set(id, (await getProject(tx, id, TEST_TODAY, { withInvestorContacts: true }))!);
          expect(changed.get(b)!.rag.reasons.some((r) => r.kind === "five_fixed_overdue")).toBe(false);

          const items = await overdueItems(tx, {}, TEST_TODAY, 10_000);
          expect(items.totals).toEqual({ ...before.totals, fiveFixed: before.totals.fiveFixed - 1 });
          expect(items.fiveFixed.some((f) => f.projectId === b)).toBe(false);
          const aMilestones = items.milestones.filter((m) => m.projectId === a);
          expect(aMilestones).toHaveLength(before.milestones.filter((m) => m.projectId === a).length);
          expect(aMilestones.every((m) => m.leaderName === newLeader.name)).toBe(true);

          const counts = await ragReasonCounts(tx, {}, TEST_TODAY);
          const expected = Object.fromEntries(RAG_REASON_KINDS.map((k) => [k, 0]));
          for (const x of changed.values()) for (const k of new Set(x.rag.reasons.map((r) => r.kind))) expected[k]!++;
          expect(Object.fromEntries(counts.map((r) => [r.kind, r.projects]))).toEqual(expected);

          const leagues = await leagueTables(tx, {}, TEST_TODAY);
          expect(leagues.leaders.reduce((s, r) => s + r.projects, 0)).toBe(364);
          expect(leagues.leaders.find((l) => l.id === newLeader.id)!.projects).toBe(newLeader.projects + 1);

          const months = await investmentByMonth(tx, {}, TEST_TODAY);
          const spans = [...changed.values()].map((x) => ({
            start: x.plannedStartDate!,
            end: x.plannedCompletionDate!,
            total: x.totalInvestmentWan,
          }));
          expect(spans.find((x) => x.end === WINDOW_FIRST)).toBeDefined();
          expect(months.map((m) => m.plannedWan)).toEqual(
            plannedByMonthExact(
              spans,
              months.map((m) => m.month),
            ),
          );
          tx.rollback();
        });
        expect.unreachable("the transaction should have been rolled back");
      } catch (error) {
        if (!(error instanceof TransactionRollbackError)) throw error;
      }
      expect(await overdueItems(db, {}, TEST_TODAY, 10_000)).toEqual(before);
    });
  });
});
