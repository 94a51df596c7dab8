import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, type IsoDate } from "./dates";
import { computeRag, DUE_SOON_DAYS, type RagInput } from "./rag";
import { PERMIT_STATUSES, PROBLEM_STATUSES } from "./statuses";

const FIRST: IsoDate = "2023-01-01";
const todayArb = fc.integer({ min: 0, max: daysBetween(FIRST, "2027-12-31") }).map((o) => addDays(FIRST, o));
/**
 * Due dates relative to today: overdue (< 0), due soon (0..14), later (> 14) and the edges between them.
 * Overdue is kept rarer so that amber and green cases come up often too.
 */
const offsetArb = fc.oneof(
  { arbitrary: fc.integer({ min: -60, max: -1 }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: DUE_SOON_DAYS }), weight: 2 },
  { arbitrary: fc.integer({ min: DUE_SOON_DAYS + 1, max: 90 }), weight: 4 },
  { arbitrary: fc.constantFrom(-1, 0, DUE_SOON_DAYS, DUE_SOON_DAYS + 1), weight: 1 },
);
const optionalOffsetArb = fc.option(offsetArb, { nil: null });
const textArb = fc.string({ maxLength: 8 });

const rawArb = fc.record({
  fiveFixed: fc.option(fc.record({ targetTask: textArb, deadline: optionalOffsetArb, achievedDate: optionalOffsetArb }), {
    nil: null,
  }),
  milestones: fc.array(
    fc.record({ name: textArb, plannedDate: offsetArb, actualDate: optionalOffsetArb, replanCount: fc.nat(4) }),
    { maxLength: 4 },
  ),
  permits: fc.array(fc.record({ name: textArb, status: fc.constantFrom(...PERMIT_STATUSES), dueDate: optionalOffsetArb }), {
    maxLength: 4,
  }),
  problems: fc.array(
    fc.record({ description: textArb, status: fc.constantFrom(...PROBLEM_STATUSES), deadline: optionalOffsetArb }),
    { maxLength: 4 },
  ),
});

type Raw = typeof rawArb extends fc.Arbitrary<infer T> ? T : never;

function materialise(today: IsoDate, raw: Raw): RagInput {
  const at = (offset: number | null) => (offset === null ? null : addDays(today, offset));
  return {
    fiveFixed: raw.fiveFixed && {
      targetTask: raw.fiveFixed.targetTask,
      deadline: at(raw.fiveFixed.deadline),
      achievedDate: at(raw.fiveFixed.achievedDate),
    },
    milestones: raw.milestones.map((m) => ({ ...m, plannedDate: addDays(today, m.plannedDate), actualDate: at(m.actualDate) })),
    permits: raw.permits.map((p) => ({ ...p, dueDate: at(p.dueDate) })),
    problems: raw.problems.map((p) => ({ ...p, deadline: at(p.deadline) })),
  };
}

const caseArb = fc.tuple(todayArb, rawArb).map(([today, raw]) => ({ today, input: materialise(today, raw) }));

/** Independent model: the due dates of everything still owed. */
function owedDueDates(input: RagInput): IsoDate[] {
  const due: (IsoDate | null)[] = [];
  if (input.fiveFixed && input.fiveFixed.achievedDate === null) due.push(input.fiveFixed.deadline);
  for (const m of input.milestones) if (m.actualDate === null) due.push(m.plannedDate);
  for (const p of input.permits) if (p.status === "submitted" || p.status === "in_review") due.push(p.dueDate);
  for (const p of input.problems) if (p.status === "open" || p.status === "in_progress") due.push(p.deadline);
  return due.filter((d): d is IsoDate => d !== null);
}

describe("computeRag properties", () => {
  it("is red iff some reason is red", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        const rag = computeRag(input, today);
        expect(rag.colour === "red").toBe(rag.reasons.some((r) => r.colour === "red"));
      }),
    );
  });

  it("is red iff something still owed is past due", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        expect(computeRag(input, today).colour === "red").toBe(owedDueDates(input).some((d) => d < today));
      }),
    );
  });

  it("is green iff there are no reasons", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        const rag = computeRag(input, today);
        expect(rag.colour === "green").toBe(rag.reasons.length === 0);
      }),
    );
  });

  it("lists reds first, the longest overdue first", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        const { reasons } = computeRag(input, today);
        const reds = reasons.filter((r) => r.colour === "red");
        expect(reasons.slice(0, reds.length)).toEqual(reds);
        for (let i = 1; i < reds.length; i++) expect(reds[i - 1]!.days).toBeGreaterThanOrEqual(reds[i]!.days);
      }),
    );
  });

  it("never changes when a done milestone is added", () => {
    const doneArb = fc.record({
      name: textArb,
      plannedDate: offsetArb,
      actualDate: offsetArb,
      replanCount: fc.nat(6),
    });
    fc.assert(
      fc.property(caseArb, doneArb, fc.nat(), ({ today, input }, done, position) => {
        const milestones = [...input.milestones];
        milestones.splice(position % (milestones.length + 1), 0, {
          ...done,
          plannedDate: addDays(today, done.plannedDate),
          actualDate: addDays(today, done.actualDate),
        });
        expect(computeRag({ ...input, milestones }, today)).toEqual(computeRag(input, today));
      }),
    );
  });

  it("a reason's kind ends with _overdue iff the reason is red", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        for (const r of computeRag(input, today).reasons) expect(r.kind.endsWith("_overdue")).toBe(r.colour === "red");
      }),
    );
  });

  it("counts days late for reds and days left for due-soon reasons", () => {
    fc.assert(
      fc.property(caseArb, ({ today, input }) => {
        for (const r of computeRag(input, today).reasons) {
          if (r.kind === "milestone_replanned") continue;
          expect(r.dueDate).not.toBeNull();
          const left = daysBetween(today, r.dueDate!);
          if (r.colour === "red") expect(r.days).toBe(-left);
          else expect(r.days).toBe(left);
          expect(r.colour === "red" ? r.days > 0 : r.days >= 0 && r.days <= DUE_SOON_DAYS).toBe(true);
        }
      }),
    );
  });
});
