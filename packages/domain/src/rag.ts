import { daysBetween, type IsoDate } from "./dates";
import { isPermitPending, isProblemOpen, type PermitStatus, type ProblemStatus } from "./statuses";

/** How far ahead something counts as "due soon" (amber). */
export const DUE_SOON_DAYS = 14;

export const RAG_COLOURS = ["red", "amber", "green"] as const;
export type RagColour = (typeof RAG_COLOURS)[number];

export const RAG_REASON_KINDS = [
  "five_fixed_overdue",
  "milestone_overdue",
  "permit_overdue",
  "problem_overdue",
  "five_fixed_due_soon",
  "milestone_due_soon",
  "permit_due_soon",
  "problem_due_soon",
  "milestone_replanned",
] as const;
export type RagReasonKind = (typeof RAG_REASON_KINDS)[number];

export interface RagReason {
  kind: RagReasonKind;
  colour: Exclude<RagColour, "green">;
  /** What it is about: the milestone's or permit's name, the problem's description, the target task. */
  subject: string;
  /** The date that was or is due. */
  dueDate: IsoDate | null;
  /** Days past due (> 0) or left (≥ 0) relative to today. */
  days: number;
}

export interface RagInput {
  fiveFixed: { targetTask: string; deadline: IsoDate | null; achievedDate: IsoDate | null } | null;
  milestones: readonly { name: string; plannedDate: IsoDate; actualDate: IsoDate | null; replanCount: number }[];
  permits: readonly { name: string; status: PermitStatus; dueDate: IsoDate | null }[];
  problems: readonly { description: string; status: ProblemStatus; deadline: IsoDate | null }[];
}

export interface Rag {
  colour: RagColour;
  reasons: RagReason[];
}

/**
 * RAG status (红黄绿灯), computed, never typed (DESIGN.md §2): red when anything owed is past due,
 * amber when something is due within 14 days or a milestone was re-planned more than once, green
 * otherwise. Every reason is listed: reds first (the longest overdue first), then what is due soonest,
 * then re-planned milestones.
 */
export function computeRag(input: RagInput, today: IsoDate): Rag {
  const reasons: RagReason[] = [];
  const check = (kindBase: "five_fixed" | "milestone" | "permit" | "problem", subject: string, due: IsoDate | null) => {
    if (!due) return;
    const left = daysBetween(today, due);
    if (left < 0) reasons.push({ kind: `${kindBase}_overdue`, colour: "red", subject, dueDate: due, days: -left });
    else if (left <= DUE_SOON_DAYS)
      reasons.push({ kind: `${kindBase}_due_soon`, colour: "amber", subject, dueDate: due, days: left });
  };

  const ff = input.fiveFixed;
  if (ff && !ff.achievedDate) check("five_fixed", ff.targetTask, ff.deadline);
  for (const m of input.milestones) {
    if (m.actualDate) continue;
    check("milestone", m.name, m.plannedDate);
    if (m.replanCount > 1)
      reasons.push({
        kind: "milestone_replanned",
        colour: "amber",
        subject: m.name,
        dueDate: m.plannedDate,
        days: m.replanCount,
      });
  }
  for (const p of input.permits) if (isPermitPending(p.status)) check("permit", p.name, p.dueDate);
  for (const p of input.problems) if (isProblemOpen(p.status)) check("problem", p.description, p.deadline);

  // Reds first, the longest overdue first; then what is due soonest; re-plans (whose `days` counts
  // re-plans, not days) last.
  const rank = (r: RagReason) => (r.colour === "red" ? 0 : r.kind === "milestone_replanned" ? 2 : 1);
  reasons.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? b.days - a.days : a.days - b.days));
  const colour: RagColour = reasons.some((r) => r.colour === "red") ? "red" : reasons.length > 0 ? "amber" : "green";
  return { colour, reasons };
}
