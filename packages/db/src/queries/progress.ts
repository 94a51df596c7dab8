import type { IsoDate } from "@tracker/domain";
import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { progressReports, projects } from "../schema";

/** A project's report for a month (`period` is the month's first day), or undefined. */
export async function progressReportFor(db: Database, projectId: number, period: IsoDate) {
  const [row] = await db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.projectId, projectId), eq(progressReports.period, period)));
  return row;
}

/** Sets the project's completed investment (the sum of its reports), in the report's transaction. */
export async function setCompletedInvestment(
  db: Database,
  projectId: number,
  completedInvestmentWan: number,
  at: Date,
): Promise<void> {
  await db.update(projects).set({ completedInvestmentWan, updatedAt: at }).where(eq(projects.id, projectId));
}
