/**
 * The demo district (DESIGN.md §3): Yicheng District's figures from the article, built in steps on
 * one seeded Random — organisation, projects, investment, investors, rows per project, problems,
 * users — so the same seed and day give the same district, row for row.
 */
import type { IsoDate, Role } from "@tracker/domain";
import { addDays } from "@tracker/domain";
import { at, type DemoBuild, type DemoDistrict, demoCalendar } from "./demo-context";
import { buildOrganisation } from "./demo-organisation";
import { raiseProblems } from "./demo-problems";
import { DEMO_INVESTOR, draftProjects, placeInvestment, registerInvestors } from "./demo-projects";
import { buildProjectRows } from "./demo-rows";
import { NameMaker, ProjectNameMaker } from "./names";
import { Random } from "./random";

export { DEMO_FIGURES, type DemoDistrict, type Rows } from "./demo-context";
export { DEMO_INVESTOR } from "./demo-projects";

export const DEMO_PASSWORD = "Demo@2026";
export const DEMO_SEED = 20_070_364;

/**
 * Builds the demo district in memory: plain rows with explicit ids, every date relative to `today`,
 * every figure from the article. Pure: the same seed and today give the same rows.
 */
export function buildDemoDistrict(options: { today: IsoDate; seed?: number }): DemoDistrict {
  const { today } = options;
  const random = new Random(options.seed ?? DEMO_SEED);
  const names = new NameMaker(random);
  const projectNames = new ProjectNameMaker(random);
  const out: DemoDistrict = {
    townships: [],
    units: [],
    people: [],
    workingGroups: [],
    investors: [],
    users: [],
    projects: [],
    fiveFixedAssignments: [],
    milestones: [],
    milestoneReplans: [],
    approvalItems: [],
    permits: [],
    progressReports: [],
    problems: [],
  };
  const b: DemoBuild = { today, random, names, out, createdAt: at(addDays(today, -1)) };
  const calendar = demoCalendar(random, today);

  const org = buildOrganisation(b);
  const ordered = draftProjects(b, org, projectNames);
  placeInvestment(b, calendar, ordered);
  const investorIds = registerInvestors(b, ordered);
  const openProblemPlans = buildProjectRows(b, org, calendar, ordered, investorIds);
  raiseProblems(b, org, ordered, openProblemPlans);

  // 10. Demo users, one per role (DESIGN.md §3).
  const { adminPerson, leadershipPerson, demoLeader, demoOwner, demoStaff, auditorPerson } = org;
  const { createdAt } = b;
  const demoUsers: [string, Role, number | null, number | null][] = [
    ["admin", "admin", adminPerson, null],
    ["leadership", "leadership", leadershipPerson, null],
    ["leader", "leader", demoLeader, null],
    ["owner", "owner", demoOwner, null],
    ["staff", "unit_staff", demoStaff, null],
    ["investor", "investor", null, investorIds.get(DEMO_INVESTOR)!],
    ["auditor", "auditor", auditorPerson, null],
  ];
  demoUsers.forEach(([username, role, person, investor], i) => {
    out.users.push({ id: i + 1, username, role, personId: person, investorId: investor, createdAt });
  });
  return out;
}
