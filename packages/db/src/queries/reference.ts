/** The reference lists behind the dashboard's filters and forms. */
import { asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { fiveFixedAssignments, people, projects, townships, units } from "../schema";

/** Townships, units, the supervising leaders of current five-fixed assignments, and industries. */
export async function referenceOptions(db: Database) {
  const [townshipRows, unitRows, leaderRows, industryRows] = await Promise.all([
    db.select({ id: townships.id, name: townships.name, kind: townships.kind }).from(townships).orderBy(asc(townships.id)),
    db
      .select({ id: units.id, name: units.name, shortName: units.shortName, kind: units.kind })
      .from(units)
      .orderBy(asc(units.id)),
    db
      .selectDistinct({ id: people.id, name: people.name, title: people.title })
      .from(people)
      .innerJoin(fiveFixedAssignments, eq(fiveFixedAssignments.leaderId, people.id))
      .where(isNull(fiveFixedAssignments.validTo))
      .orderBy(asc(people.id)),
    db.selectDistinct({ name: projects.industry }).from(projects).orderBy(asc(projects.industry)),
  ]);
  return { townships: townshipRows, units: unitRows, leaders: leaderRows, industries: industryRows.map((r) => r.name) };
}
