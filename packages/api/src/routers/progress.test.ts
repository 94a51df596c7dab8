import { type Database, rowsOf, schema } from "@tracker/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditCount, signedIn, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("monthly progress reports on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("files a monthly report, keeps completed investment as the sum of reports, and corrects by version", async () => {
    const owner = await signedIn(db, "owner");
    const [p] = await rowsOf<{ id: number; completed: number; total: number }>(
      db,
      sql`select p.id, p.completed_investment_wan::int as completed, p.total_investment_wan::int as total from projects p
          join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join users u on u.person_id = f.owner_id
          where u.username = 'owner' and p.stage = 'construction' and p.completed_investment_wan + 100 < p.total_investment_wan
          order by p.id limit 1`,
    );
    const first = await owner.progress.submit({
      projectId: p!.id,
      period: "2026-11",
      investmentWan: 60,
      physicalPercent: 55,
      narrative: "主体施工",
    });
    expect(first.completedInvestmentWan).toBe(p!.completed + 60);
    await expect(
      owner.progress.submit({ projectId: p!.id, period: "2026-11", investmentWan: 10, physicalPercent: 55 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "2026-11的进度已填报，请修改已有填报" });
    const corrected = await owner.progress.submit({
      projectId: p!.id,
      period: "2026-11",
      investmentWan: 40,
      physicalPercent: 56,
      version: first.report.version,
    });
    expect(corrected.completedInvestmentWan).toBe(p!.completed + 40);
    const [sum] = await rowsOf<{ s: number; c: number }>(
      db,
      sql`select (select sum(investment_wan)::int from progress_reports where project_id = ${p!.id}) as s,
                 (select completed_investment_wan::int from projects where id = ${p!.id}) as c`,
    );
    expect(sum!.s).toBe(sum!.c);
    expect(await auditCount(db, "progressReport", first.report.id)).toBe(2);
    // A correction from the stale version is a conflict.
    await expect(
      owner.progress.submit({
        projectId: p!.id,
        period: "2026-11",
        investmentWan: 1,
        physicalPercent: 1,
        version: first.report.version,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a report that would take completed investment past the total, storing nothing", async () => {
    const leader = await signedIn(db, "leader");
    const [p] = await rowsOf<{ id: number; completed: number; total: number }>(
      db,
      sql`select p.id, p.completed_investment_wan::int as completed, p.total_investment_wan::int as total from projects p
          join five_fixed_assignments f on f.project_id = p.id and f.valid_to is null
          join users u on u.person_id = f.leader_id
          where u.username = 'leader' and p.stage = 'construction' order by p.id desc limit 1`,
    );
    const before = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from progress_reports where project_id = ${p!.id}`,
    );
    await expect(
      leader.progress.submit({
        projectId: p!.id,
        period: "2026-11",
        investmentWan: p!.total - p!.completed + 1,
        physicalPercent: 90,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("超过总投资") });
    const after = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from progress_reports where project_id = ${p!.id}`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
    const [project] = await db.select().from(schema.projects).where(eq(schema.projects.id, p!.id));
    expect(project!.completedInvestmentWan).toBe(p!.completed);
    await expect(
      leader.progress.submit({ projectId: p!.id, period: "2026-12", investmentWan: 1, physicalPercent: 90 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "不能填报尚未开始的月份" });
    await expect(
      leader.progress.submit({ projectId: p!.id, period: "2026-10", investmentWan: -5, physicalPercent: 90 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
