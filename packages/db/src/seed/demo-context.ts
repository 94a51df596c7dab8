/**
 * What every step of the demo seed shares: the district being built, the seed's dice and clock, and
 * the date helpers that draw from them. The steps (organisation, projects, rows, problems) run in a
 * fixed order on one Random, so the district is the same for the same seed and day.
 */
import {
  addDays,
  addMonths,
  type IsoDate,
  monthStart,
  type ProjectCategory,
  STAGES,
  type Stage,
  stageIndex,
  workingDays,
} from "@tracker/domain";
import type * as schema from "../schema";
import type { NameMaker } from "./names";
import type { Random } from "./random";

/** The article's figures the demo district reproduces exactly (DESIGN.md §3). */
export const DEMO_FIGURES = {
  projects: 364,
  totalInvestmentWan: 2_638_000,
  operating: 137,
  completedInvestmentWan: 687_000,
  keyRealEstate: 36,
  workingGroups: 7,
  townships: 5,
  subdistricts: 11,
  serviceCentreUnits: 22,
  approvalItems: 115,
  resolvedProblems: 378,
} as const;

export type Health = "late" | "at_risk" | "on_time";

export type Rows<T extends keyof typeof schema> = (typeof schema)[T] extends { $inferInsert: infer R } ? R[] : never;

export interface DemoDistrict {
  townships: Rows<"townships">;
  units: Rows<"units">;
  people: Rows<"people">;
  workingGroups: Rows<"workingGroups">;
  investors: Rows<"investors">;
  users: (Omit<Rows<"users">[number], "passwordHash"> & { username: string })[];
  projects: Rows<"projects">;
  fiveFixedAssignments: Rows<"fiveFixedAssignments">;
  milestones: Rows<"milestones">;
  milestoneReplans: Rows<"milestoneReplans">;
  approvalItems: Rows<"approvalItems">;
  permits: Rows<"permits">;
  progressReports: Rows<"progressReports">;
  problems: Rows<"problems">;
}

/** The projects the article names: their stage, category, industry, investor and place. */
export interface NamedProject {
  name: string;
  stage: Stage;
  category: ProjectCategory;
  industry: string;
  investor: string;
  isKey: boolean;
  township: string;
  /** Held by the demo `leader` / `owner` users. */
  demoLeader?: boolean;
  demoOwner?: boolean;
}

/** A project while the seed decides it: its place, health, timeline and investment. */
export interface Draft {
  named?: NamedProject;
  stage: Stage;
  category: ProjectCategory;
  industry: string;
  isKey: boolean;
  township: number;
  name: string;
  investor: string;
  health: Health;
  weight: number;
  fraction: number;
  entered: Partial<Record<Stage, IsoDate>>;
  planned: Partial<Record<Stage, IsoDate>>;
  total: number;
  completed: number;
}

/** What every step reads and appends to. */
export interface DemoBuild {
  today: IsoDate;
  random: Random;
  names: NameMaker;
  out: DemoDistrict;
  /** When the seeded rows were written: the day before today. */
  createdAt: Date;
}

/** A timestamp at 09:30 China time on a calendar day. */
export function at(date: IsoDate, minutes = 0): Date {
  return new Date(Date.parse(`${date}T01:30:00Z`) + minutes * 60_000);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** Typical days a project spends in each stage. */
const STAGE_DAYS: Record<Stage, [number, number]> = {
  negotiation: [30, 150],
  permits: [60, 210],
  land: [60, 240],
  construction: [300, 720],
  hiring: [60, 150],
  operating: [0, 0],
};

/** How long a project currently in a stage may already have been there. */
const DWELL_DAYS: Record<Stage, [number, number]> = {
  negotiation: [10, 200],
  permits: [15, 260],
  land: [15, 280],
  construction: [20, 620],
  hiring: [10, 140],
  operating: [60, 6_000],
};

/** The seed's date helpers, drawing from its Random and measured against its today. */
export function demoCalendar(random: Random, today: IsoDate) {
  return { buildTimeline, monthsOfReports, randomWorkingDay, lastWorkingDayOnOrBefore };

  /** Stage entry dates: actual up to the current stage, planned after it. */
  function buildTimeline(d: Draft): void {
    const current = stageIndex(d.stage);
    const entered: Partial<Record<Stage, IsoDate>> = {};
    const [minDwell, maxDwell] = DWELL_DAYS[d.stage];
    let date = addDays(today, -random.int(minDwell, maxDwell));
    entered[d.stage] = date;
    for (let i = current - 1; i >= 0; i--) {
      const stage = STAGES[i]!;
      const [lo, hi] = STAGE_DAYS[stage];
      date = addDays(date, -random.int(lo, hi));
      entered[stage] = date;
    }
    const planned: Partial<Record<Stage, IsoDate>> = {};
    let next = entered[d.stage]!;
    for (let i = current + 1; i < STAGES.length; i++) {
      const previous = STAGES[i - 1]!;
      const [lo, hi] = STAGE_DAYS[previous];
      next = maxDate(addDays(next, random.int(lo, hi)), addDays(today, 30 * (i - current)));
      planned[STAGES[i]!] = next;
    }
    d.entered = entered;
    d.planned = planned;
  }

  /** Months with a progress report: from the start of construction to completion, or to last month. */
  function monthsOfReports(d: Draft): IsoDate[] {
    const start = d.entered.construction;
    if (!start) return [];
    const end = d.entered.hiring ? monthStart(d.entered.hiring) : addMonths(monthStart(today), -1);
    const months: IsoDate[] = [];
    for (let m = monthStart(start); m <= end; m = addMonths(m, 1)) months.push(m);
    if (d.entered.hiring && months.length === 0) months.push(monthStart(d.entered.hiring));
    return months;
  }

  /**
   * A working day drawn evenly from `span` days after `from` (rejecting weekends and holidays, so no
   * weekday collects their share), before today.
   */
  function randomWorkingDay(from: IsoDate, span: number): IsoDate {
    for (let attempt = 0; attempt < 20; attempt++) {
      const d = addDays(from, random.int(0, span));
      if (d < today && workingDays.isWorkingDay(d)) return d;
    }
    return lastWorkingDayOnOrBefore(minDate(addDays(from, span), addDays(today, -1)));
  }

  /** The last working day on or before `date` (and not after today). */
  function lastWorkingDayOnOrBefore(date: IsoDate): IsoDate {
    let d = minDate(date, today);
    while (!workingDays.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  }
}

export type DemoCalendar = ReturnType<typeof demoCalendar>;
