import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";

/** Rows of the kept figures removed by folding, per table. */
export interface CompactedRollups {
  investmentMonths: number;
  projectCounts: number;
  leagues: number;
}

/**
 * Folds the figures that writers append (investment months, headline counts, league tables) into one
 * row per month, group, due date, so that the panels that read them keep reading few rows
 * (drizzle/0013, 0016, 0018). Changes no figure; writers appending meanwhile are neither blocked nor lost. Each fold is
 * one statement and its own transaction.
 */
export async function compactRollups(db: Database): Promise<CompactedRollups> {
  const [months] = await rowsOf<{ n: number }>(db, sql`select compact_investment_months() as n`);
  const [counts] = await rowsOf<{ n: number }>(db, sql`select compact_project_counts() as n`);
  const [leagues] = await rowsOf<{ n: number }>(db, sql`select compact_leagues() as n`);
  return { investmentMonths: Number(months?.n ?? 0), projectCounts: Number(counts?.n ?? 0), leagues: Number(leagues?.n ?? 0) };
}
