import type { Localized } from "./locale";

/** The six stages every project moves through, in order (DESIGN.md §1). */
export const STAGES = ["negotiation", "permits", "land", "construction", "hiring", "operating"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, Localized> = {
  negotiation: { "zh-CN": "洽谈立项", en: "Negotiation & approval" },
  permits: { "zh-CN": "证照办理", en: "Permits" },
  land: { "zh-CN": "征地拆迁", en: "Land clearance" },
  construction: { "zh-CN": "开工建设", en: "Construction" },
  hiring: { "zh-CN": "竣工招工", en: "Completion & hiring" },
  operating: { "zh-CN": "建成投产", en: "In production" },
};

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export type StageMove =
  | { ok: true; kind: "forward" }
  | { ok: true; kind: "back" | "skip"; needsReason: true }
  | { ok: false; code: "SAME_STAGE" | "REASON_REQUIRED" };

/**
 * Whether a project may move from one stage to another. One step forward is the normal path;
 * moving back or skipping stages is allowed only with a written reason, so the log explains it.
 */
export function checkStageMove(from: Stage, to: Stage, reason?: string): StageMove {
  const step = stageIndex(to) - stageIndex(from);
  if (step === 0) return { ok: false, code: "SAME_STAGE" };
  const kind = step === 1 ? "forward" : step < 0 ? "back" : "skip";
  if (kind === "forward") return { ok: true, kind };
  if (!reason || reason.trim().length === 0) return { ok: false, code: "REASON_REQUIRED" };
  return { ok: true, kind, needsReason: true };
}

/** Lifecycle of a project beside its stage: operating is reached only through the last stage. */
export const LIFECYCLE_STATUSES = ["active", "suspended", "cancelled", "operating"] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const LIFECYCLE_LABELS: Record<LifecycleStatus, Localized> = {
  active: { "zh-CN": "在建推进", en: "Active" },
  suspended: { "zh-CN": "暂停", en: "Suspended" },
  cancelled: { "zh-CN": "终止", en: "Cancelled" },
  operating: { "zh-CN": "建成投产", en: "Operating" },
};

const LIFECYCLE_TRANSITIONS: Record<LifecycleStatus, readonly LifecycleStatus[]> = {
  active: ["suspended", "cancelled", "operating"],
  suspended: ["active", "cancelled"],
  cancelled: [],
  operating: [],
};

export function canChangeLifecycle(from: LifecycleStatus, to: LifecycleStatus, stage: Stage): boolean {
  if (!LIFECYCLE_TRANSITIONS[from].includes(to)) return false;
  // A project is operating exactly when it has reached the last stage.
  if (to === "operating") return stage === "operating";
  return true;
}

/** The lifecycle status a stage implies for an active project. */
export function lifecycleForStage(stage: Stage): LifecycleStatus {
  return stage === "operating" ? "operating" : "active";
}
