import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { fiveFixedAssignments } from "../schema";

/** A project's current five-fixed assignment, locked for the write that replaces it; undefined when it has none. */
export async function currentFiveFixedForUpdate(db: Database, projectId: number) {
  const [row] = await db
    .select()
    .from(fiveFixedAssignments)
    .where(and(eq(fiveFixedAssignments.projectId, projectId), isNull(fiveFixedAssignments.validTo)))
    .for("update");
  return row;
}
