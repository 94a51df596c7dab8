import { schema } from "@tracker/db";
import { asc, eq, isNull } from "drizzle-orm";
import { PROJECT_READERS } from "../access";
import { createTRPCRouter, roleProcedure } from "../trpc";

const { townships, units, people, fiveFixedAssignments, projects } = schema;

export const referenceRouter = createTRPCRouter({
  /** Townships, units, supervising leaders and industries, for filters and forms. */
  options: roleProcedure(...PROJECT_READERS).query(async ({ ctx }) => {
    const [townshipRows, unitRows, leaderRows, industryRows] = await Promise.all([
      ctx.db.select({ id: townships.id, name: townships.name, kind: townships.kind }).from(townships).orderBy(asc(townships.id)),
      ctx.db
        .select({ id: units.id, name: units.name, shortName: units.shortName, kind: units.kind })
        .from(units)
        .orderBy(asc(units.id)),
      ctx.db
        .selectDistinct({ id: people.id, name: people.name, title: people.title })
        .from(people)
        .innerJoin(fiveFixedAssignments, eq(fiveFixedAssignments.leaderId, people.id))
        .where(isNull(fiveFixedAssignments.validTo))
        .orderBy(asc(people.id)),
      ctx.db.selectDistinct({ name: projects.industry }).from(projects).orderBy(asc(projects.industry)),
    ]);
    return { townships: townshipRows, units: unitRows, leaders: leaderRows, industries: industryRows.map((r) => r.name) };
  }),
});
