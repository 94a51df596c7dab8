import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/** Rows of the kept figures removed by folding, per table. */
export interface CompactedRollups {
  investmentMonths: number;
  projectCounts: number;
}

/**
 * Folds the figures that writers append (investment months, headline counts) into one row per month
 * and per group, so that the panels that read them keep reading a few hundred rows (drizzle/0013,
 * 0016). Changes no figure; writers appending meanwhile are neither blocked nor lost. Each fold is
 * one statement and its own transaction.
 */
export async function compactRollups(db: Database): Promise<CompactedRollups> {
  const [months] = await rowsOf<{ n: number }>(db, sql`select compact_investment_months() as n`);
  const [counts] = await rowsOf<{ n: number }>(db, sql`select compact_project_counts() as n`);
  return { investmentMonths: Number(months?.n ?? 0), projectCounts: Number(counts?.n ?? 0) };
}
