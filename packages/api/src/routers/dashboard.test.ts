import { type Database, rowsOf } from "@tracker/db";
import { STAGES } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signedIn, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("the dashboard on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("gives leadership the article's headline figures", async () => {
    const leadership = await signedIn(db, "leadership");
    const summary = await leadership.dashboard.summary();
    expect(summary).toMatchObject({
      projectCount: 364,
      totalInvestmentWan: 2_638_000,
      completedInvestmentWan: 687_000,
      operatingCount: 137,
    });
    expect(summary.byStage.map((s) => s.stage)).toEqual([...STAGES]);
    const byStage = await rowsOf<{ stage: string; n: number; total: string }>(
      db,
      sql`select stage, count(*)::int as n, sum(total_investment_wan)::text as total from projects group by stage`,
    );
    for (const s of summary.byStage) {
      const expected = byStage.find((r) => r.stage === s.stage)!;
      expect({ stage: s.stage, count: s.count, total: s.totalInvestmentWan }).toEqual({
        stage: s.stage,
        count: expected.n,
        total: Number(expected.total),
      });
    }
    expect(summary.rag.red + summary.rag.amber + summary.rag.green).toBe(364);
    expect(summary.rag.red).toBeGreaterThan(0);
  });

  it("serves the overview's panels, scoped for investors", async () => {
    const leadership = await signedIn(db, "leadership");
    const months = await leadership.dashboard.investmentByMonth();
    expect(months).toHaveLength(24);
    expect(months.at(-1)!.month).toBe("2026-10");
    const [window] = await rowsOf<{ s: number }>(
      db,
      sql`select coalesce(sum(investment_wan), 0)::int as s from progress_reports where period >= '2024-11-01' and period < '2026-11-01'`,
    );
    expect(months.reduce((s, m) => s + m.completedWan, 0)).toBe(window!.s);
    const reasons = await leadership.dashboard.ragReasons();
    expect(reasons.length).toBeGreaterThan(0);
    const overdue = await leadership.dashboard.overdue();
    expect(overdue.milestones[0]).toMatchObject({ leaderName: expect.any(String), ownerName: expect.any(String) });
    const leagues = await leadership.dashboard.leagues();
    expect(leagues.leaders.reduce((s, l) => s + l.projects, 0)).toBe(364);

    const investor = await signedIn(db, "investor");
    const own = await investor.dashboard.investmentByMonth();
    const [mine] = await rowsOf<{ s: number }>(
      db,
      sql`select coalesce(sum(r.investment_wan), 0)::int as s from progress_reports r join projects p on p.id = r.project_id
          join users u on u.investor_id = p.investor_id where u.username = 'investor' and r.period >= '2024-11-01' and r.period < '2026-11-01'`,
    );
    expect(own.reduce((s, m) => s + m.completedWan, 0)).toBe(mine!.s);

    const [theirs] = await rowsOf<{ n: number; total: number }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(p.total_investment_wan), 0)::float8 as total from projects p
          join users u on u.investor_id = p.investor_id where u.username = 'investor'`,
    );
    const breakdown = await investor.dashboard.breakdown();
    expect(breakdown.byIndustry.reduce((s, r) => s + r.projects, 0)).toBe(theirs!.n);
    expect(breakdown.byTownship.reduce((s, r) => s + r.totalWan, 0)).toBe(Number(theirs!.total));
    expect((await leadership.dashboard.breakdown()).byIndustry.reduce((s, r) => s + r.projects, 0)).toBe(364);
  });

  it("filters the summary by township", async () => {
    const leadership = await signedIn(db, "leadership");
    const [t] = await rowsOf<{ id: number; n: number; total: string }>(
      db,
      sql`select township_id as id, count(*)::int as n, sum(total_investment_wan)::text as total from projects
          group by township_id order by count(*) desc limit 1`,
    );
    const summary = await leadership.dashboard.summary({ townshipId: t!.id });
    expect(summary.projectCount).toBe(t!.n);
    expect(summary.totalInvestmentWan).toBe(Number(t!.total));
  });
});
