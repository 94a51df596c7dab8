import type { Localized } from "./locale";

/** Permit (证照办理) statuses and the moves between them. */
export const PERMIT_STATUSES = ["not_started", "submitted", "in_review", "returned", "approved", "not_required"] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export const PERMIT_STATUS_LABELS: Record<PermitStatus, Localized> = {
  not_started: { "zh-CN": "未申报", en: "Not started" },
  submitted: { "zh-CN": "已受理", en: "Submitted" },
  in_review: { "zh-CN": "审查中", en: "In review" },
  returned: { "zh-CN": "退回补正", en: "Returned" },
  approved: { "zh-CN": "已办结", en: "Approved" },
  not_required: { "zh-CN": "无需办理", en: "Not required" },
};

const PERMIT_TRANSITIONS: Record<PermitStatus, readonly PermitStatus[]> = {
  not_started: ["submitted", "not_required"],
  submitted: ["in_review", "returned", "approved"],
  in_review: ["approved", "returned"],
  returned: ["submitted"],
  approved: [],
  not_required: ["not_started"],
};

export function canMovePermit(from: PermitStatus, to: PermitStatus): boolean {
  return PERMIT_TRANSITIONS[from].includes(to);
}

/** The statuses of a permit whose statutory clock is running: the issuing unit holds it. */
export const PENDING_PERMIT_STATUSES = ["submitted", "in_review"] as const satisfies readonly PermitStatus[];
/** The statuses of a permit that was never submitted (it has no submission date). */
export const UNSUBMITTED_PERMIT_STATUSES = ["not_started", "not_required"] as const satisfies readonly PermitStatus[];

/** A permit whose statutory clock is running: the issuing unit holds it. */
export function isPermitPending(status: PermitStatus): boolean {
  return (PENDING_PERMIT_STATUSES as readonly PermitStatus[]).includes(status);
}

/** Problem ledger (问题台账). */
export const PROBLEM_CATEGORIES = ["land", "permits", "funding", "utilities", "site", "labour", "other"] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, Localized> = {
  land: { "zh-CN": "用地", en: "Land" },
  permits: { "zh-CN": "证照审批", en: "Permits" },
  funding: { "zh-CN": "资金", en: "Funding" },
  utilities: { "zh-CN": "水电气路", en: "Utilities" },
  site: { "zh-CN": "施工环境/矛盾纠纷", en: "Site environment / dispute" },
  labour: { "zh-CN": "用工", en: "Labour" },
  other: { "zh-CN": "其他", en: "Other" },
};

export const PROBLEM_STATUSES = ["open", "in_progress", "resolved", "verified"] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, Localized> = {
  open: { "zh-CN": "待办", en: "Open" },
  in_progress: { "zh-CN": "办理中", en: "In progress" },
  resolved: { "zh-CN": "已解决", en: "Resolved" },
  verified: { "zh-CN": "已销号", en: "Verified & closed" },
};

/** What is done to a problem, as a refusal names it: "it cannot be {action}". */
export const PROBLEM_ACTION_LABELS: Record<"assign" | "escalate" | "resolve" | "verify" | "reopen", Localized> = {
  assign: { "zh-CN": "转办", en: "reassigned" },
  escalate: { "zh-CN": "提级", en: "escalated" },
  resolve: { "zh-CN": "办结", en: "resolved" },
  verify: { "zh-CN": "验收销号", en: "closed" },
  reopen: { "zh-CN": "重新打开", en: "reopened" },
};

const PROBLEM_TRANSITIONS: Record<ProblemStatus, readonly ProblemStatus[]> = {
  open: ["in_progress", "resolved"],
  in_progress: ["resolved"],
  resolved: ["verified", "in_progress"],
  verified: ["in_progress"],
};

export function canMoveProblem(from: ProblemStatus, to: ProblemStatus): boolean {
  return PROBLEM_TRANSITIONS[from].includes(to);
}

/** The statuses of a problem still being worked on; the others are solved (and have a resolution). */
export const OPEN_PROBLEM_STATUSES = ["open", "in_progress"] as const satisfies readonly ProblemStatus[];
export const SOLVED_PROBLEM_STATUSES = ["resolved", "verified"] as const satisfies readonly ProblemStatus[];

export function isProblemOpen(status: ProblemStatus): boolean {
  return (OPEN_PROBLEM_STATUSES as readonly ProblemStatus[]).includes(status);
}

/** Escalation ladder: the responsible unit, then the working group, then the district leader. */
export const ESCALATION_LEVELS = ["unit", "working_group", "district"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_LABELS: Record<EscalationLevel, Localized> = {
  unit: { "zh-CN": "责任单位", en: "Responsible unit" },
  working_group: { "zh-CN": "专业组", en: "Working group" },
  district: { "zh-CN": "区领导", en: "District leader" },
};

export function nextEscalation(level: EscalationLevel): EscalationLevel | null {
  const i = ESCALATION_LEVELS.indexOf(level);
  return ESCALATION_LEVELS[i + 1] ?? null;
}

export const MILESTONE_STATUSES = ["pending", "done"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const PROJECT_CATEGORIES = ["industrial", "real_estate", "commerce", "agriculture", "infrastructure", "services"] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

export const PROJECT_CATEGORY_LABELS: Record<ProjectCategory, Localized> = {
  industrial: { "zh-CN": "工业", en: "Industrial" },
  real_estate: { "zh-CN": "房地产", en: "Real estate" },
  commerce: { "zh-CN": "商贸", en: "Commerce" },
  agriculture: { "zh-CN": "农业", en: "Agriculture" },
  infrastructure: { "zh-CN": "基础设施", en: "Infrastructure" },
  services: { "zh-CN": "服务业", en: "Services" },
};

export const TOWNSHIP_KINDS = ["township", "subdistrict"] as const;
export type TownshipKind = (typeof TOWNSHIP_KINDS)[number];

export const UNIT_KINDS = ["department", "township_office", "working_group"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
