import { getTableName } from "drizzle-orm";
import * as schema from "../schema";

/**
 * The tables the demo district fills, parents before children: the seed inserts in this order (and
 * moves their id sequences past the seeded ids), `npm run db:seed -- --reset` empties them, the seed's
 * determinism test compares them. One list, from the schema's own table objects.
 */
export const DISTRICT_TABLES = [
  schema.townships,
  schema.units,
  schema.people,
  schema.workingGroups,
  schema.investors,
  schema.users,
  schema.approvalItems,
  schema.projects,
  schema.fiveFixedAssignments,
  schema.milestones,
  schema.milestoneReplans,
  schema.permits,
  schema.progressReports,
  schema.problems,
] as const;

/** Their SQL names, in the same order. */
export const DISTRICT_TABLE_NAMES: readonly string[] = DISTRICT_TABLES.map((table) => getTableName(table));

/**
 * Tables the database keeps from the district's tables (by triggers, drizzle/0010, 0013, 0016 and 0018): filled
 * when the district is, emptied with it (`npm run db:seed -- --reset`), never written by the seed.
 */
export const DERIVED_TABLE_NAMES: readonly string[] = [
  getTableName(schema.projectFacts),
  getTableName(schema.investmentMonthDeltas),
  getTableName(schema.projectCountDeltas),
  getTableName(schema.leagueDeltas),
  getTableName(schema.leagueDueDeltas),
  getTableName(schema.leagueResolvedDeltas),
];
