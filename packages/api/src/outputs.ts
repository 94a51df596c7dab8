/**
 * Output schemas of every procedure an investor may call (`outputs.test.ts` walks the router and
 * fails on one without): what is listed here is all that goes out (zod strips every other key), so a
 * column added to a query does not leak by accident. The district's own roles get the same shapes.
 */
import {
  ESCALATION_LEVELS,
  LIFECYCLE_STATUSES,
  MILESTONE_STATUSES,
  PERMIT_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_STATUSES,
  PROJECT_CATEGORIES,
  RAG_COLOURS,
  RAG_REASON_KINDS,
  ROLES,
  STAGES,
  TOWNSHIP_KINDS,
  UNIT_KINDS,
} from "@tracker/domain";
import { z } from "zod";

const date = z.string();
const stage = z.enum(STAGES);
const rag = z.enum(RAG_COLOURS);

export const projectListOutput = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      investorId: z.number(),
      investorName: z.string(),
      industry: z.string(),
      category: z.enum(PROJECT_CATEGORIES),
      townshipId: z.number(),
      townshipName: z.string().nullable(),
      isKey: z.boolean(),
      stage,
      status: z.enum(LIFECYCLE_STATUSES),
      signedDate: date,
      plannedCompletionDate: date.nullable(),
      totalInvestmentWan: z.number(),
      completedInvestmentWan: z.number(),
      leaderId: z.number().nullable(),
      leaderName: z.string().nullable(),
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      ownerId: z.number().nullable(),
      ownerName: z.string().nullable(),
      targetTask: z.string().nullable(),
      deadline: date.nullable(),
      rag,
    }),
  ),
  total: z.number(),
});

export const permitOutput = z.object({
  id: z.number(),
  approvalItemId: z.number(),
  itemCode: z.string(),
  name: z.string(),
  itemStage: stage,
  unitId: z.number(),
  unitName: z.string(),
  statutoryDays: z.number(),
  status: z.enum(PERMIT_STATUSES),
  submittedDate: date.nullable(),
  dueDate: date.nullable(),
  decidedDate: date.nullable(),
  certificateNo: z.string().nullable(),
  missingMaterials: z.array(z.string()).nullable(),
  version: z.number(),
  workingDaysLeft: z.number().nullable(),
  workingDaysTaken: z.number().nullable(),
  overdue: z.boolean(),
});

const fiveFixedOutput = z.object({
  id: z.number(),
  leaderId: z.number(),
  leaderName: z.string(),
  leaderTitle: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  ownerId: z.number(),
  ownerName: z.string(),
  /** Only for the district's own people (absent for investors). */
  ownerPhone: z.string().nullable().optional(),
  targetTask: z.string().nullable(),
  targets: z.record(z.string(), z.number()).nullable(),
  deadline: date.nullable(),
  achievedDate: date.nullable(),
  validFrom: z.date(),
  validTo: z.date().nullable(),
  reason: z.string().nullable(),
  version: z.number(),
});

export const projectDetailOutput = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  investorId: z.number(),
  industry: z.string(),
  category: z.enum(PROJECT_CATEGORIES),
  townshipId: z.number(),
  townshipName: z.string(),
  isKey: z.boolean(),
  signedDate: date,
  plannedStartDate: date.nullable(),
  plannedCompletionDate: date.nullable(),
  actualStartDate: date.nullable(),
  actualCompletionDate: date.nullable(),
  totalInvestmentWan: z.number(),
  completedInvestmentWan: z.number(),
  jobsPlanned: z.number(),
  jobsHired: z.number(),
  stage,
  status: z.enum(LIFECYCLE_STATUSES),
  version: z.number(),
  updatedAt: z.date(),
  investor: z.object({
    id: z.number(),
    name: z.string(),
    contactName: z.string().nullable().optional(),
    contactPhone: z.string().nullable().optional(),
  }),
  fiveFixed: fiveFixedOutput.nullable(),
  fiveFixedHistory: z.array(fiveFixedOutput),
  milestones: z.array(
    z.object({
      id: z.number(),
      stage,
      seq: z.number(),
      name: z.string(),
      baselineDate: date,
      plannedDate: date,
      actualDate: date.nullable(),
      status: z.enum(MILESTONE_STATUSES),
      replanCount: z.number(),
      version: z.number(),
    }),
  ),
  permits: z.array(permitOutput),
  problems: z.array(
    z.object({
      id: z.number(),
      category: z.enum(PROBLEM_CATEGORIES),
      description: z.string(),
      assignedUnitId: z.number(),
      assignedUnitName: z.string(),
      escalationLevel: z.enum(ESCALATION_LEVELS),
      deadline: date,
      status: z.enum(PROBLEM_STATUSES),
      resolution: z.string().nullable(),
      raisedAt: z.date(),
      resolvedAt: z.date().nullable(),
      version: z.number(),
    }),
  ),
  progressReports: z.array(
    z.object({
      id: z.number(),
      period: date,
      investmentWan: z.number(),
      physicalPercent: z.number(),
      narrative: z.string(),
      version: z.number(),
    }),
  ),
  rag: z.object({
    colour: rag,
    reasons: z.array(
      z.object({
        kind: z.enum(RAG_REASON_KINDS),
        colour: z.enum(["red", "amber"]),
        subject: z.string(),
        dueDate: date.nullable(),
        days: z.number(),
      }),
    ),
  }),
});

/** A file for the browser to save: the register export, the audit export, the ledger template. */
export const exportFileOutput = z.object({ filename: z.string(), rows: z.number().optional(), base64: z.string() });

const count = z.number();

export const summaryOutput = z.object({
  projectCount: count,
  totalInvestmentWan: z.number(),
  completedInvestmentWan: z.number(),
  operatingCount: count,
  year: z.number(),
  startedThisYearCount: count,
  settledThisYearCount: count,
  byStage: z.array(z.object({ stage, count, totalInvestmentWan: z.number() })),
  rag: z.object({ red: count, amber: count, green: count }),
});

export const investmentByMonthOutput = z.array(z.object({ month: z.string(), completedWan: z.number(), plannedWan: z.number() }));

const investmentShare = z.object({
  name: z.string(),
  townshipId: z.number().nullable(),
  projects: count,
  totalWan: z.number(),
  completedWan: z.number(),
});

export const breakdownOutput = z.object({ byIndustry: z.array(investmentShare), byTownship: z.array(investmentShare) });

export const ragReasonsOutput = z.array(
  z.object({ kind: z.enum(RAG_REASON_KINDS), colour: z.enum(["red", "amber"]), projects: count }),
);

export const referenceOptionsOutput = z.object({
  townships: z.array(z.object({ id: z.number(), name: z.string(), kind: z.enum(TOWNSHIP_KINDS) })),
  units: z.array(z.object({ id: z.number(), name: z.string(), shortName: z.string(), kind: z.enum(UNIT_KINDS) })),
  leaders: z.array(z.object({ id: z.number(), name: z.string(), title: z.string() })),
  industries: z.array(z.string()),
});

export const myWorkOutput = z.object({
  projects: z.array(z.object({ id: z.number(), name: z.string(), stage, status: z.enum(LIFECYCLE_STATUSES), rag })),
  milestones: z.array(
    z.object({
      id: z.number(),
      version: z.number(),
      projectId: z.number(),
      projectName: z.string(),
      name: z.string(),
      plannedDate: date,
      overdue: z.boolean(),
    }),
  ),
  permits: z.array(
    z.object({
      id: z.number(),
      version: z.number(),
      status: z.enum(PERMIT_STATUSES),
      submittedDate: date.nullable(),
      dueDate: date.nullable(),
      itemName: z.string(),
      statutoryDays: z.number(),
      projectId: z.number(),
      projectName: z.string(),
      workingDaysLeft: z.number().nullable(),
    }),
  ),
  problems: z.array(
    z.object({
      id: z.number(),
      version: z.number(),
      projectId: z.number(),
      projectName: z.string(),
      description: z.string(),
      status: z.enum(PROBLEM_STATUSES),
      escalationLevel: z.enum(ESCALATION_LEVELS),
      assignedUnitName: z.string(),
      deadline: date,
      overdue: z.boolean(),
    }),
  ),
});

export const raisedProblemOutput = z.object({
  id: z.number(),
  projectId: z.number(),
  category: z.enum(PROBLEM_CATEGORIES),
  description: z.string(),
  assignedUnitId: z.number(),
  escalationLevel: z.enum(ESCALATION_LEVELS),
  deadline: date,
  status: z.enum(PROBLEM_STATUSES),
  /** A keyed write answers as JSON (idempotency.ts): the instant arrives as text and leaves as a date. */
  raisedAt: z.coerce.date(),
  version: z.number(),
});

/** The signed-in user as the dashboard knows them: never a hash, a session token or the password's date. */
export const publicUserOutput = z.object({
  id: z.number(),
  username: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.object({ "zh-CN": z.string(), en: z.string() }),
  personId: z.number().nullable(),
  personName: z.string().nullable(),
  unitId: z.number().nullable(),
  investorId: z.number().nullable(),
  passwordExpired: z.boolean(),
  passwordMaxAgeDays: z.number(),
});

export const okOutput = z.object({ ok: z.literal(true) });
