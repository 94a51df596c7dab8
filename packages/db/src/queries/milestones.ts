import type { IsoDate } from "@tracker/domain";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { milestoneReplans, milestones } from "../schema";

/** The condition of a write that applies only while the milestone is still pending (else CONFLICT). */
export const milestoneStillPending = eq(milestones.status, "pending");

/** The next sequence number of a project's plan; call it holding the project lock (plans take numbers one at a time). */
export async function nextMilestoneSeq(db: Database, projectId: number): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${milestones.seq}), 0)::int + 1` })
    .from(milestones)
    .where(eq(milestones.projectId, projectId));
  return row!.next;
}

/** The history row of a replan: from which date to which, why, by whom, when. */
export async function recordReplan(
  db: Database,
  replan: { milestoneId: number; fromDate: IsoDate; toDate: IsoDate; reason: string; byPersonId: number | null; at: Date },
): Promise<void> {
  await db.insert(milestoneReplans).values(replan);
}
