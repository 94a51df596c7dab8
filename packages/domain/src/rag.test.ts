import { describe, expect, it } from "vitest";
import { computeRag, type RagInput } from "./rag";

const today = "2026-11-28";
const empty: RagInput = { fiveFixed: null, milestones: [], permits: [], problems: [] };

describe("RAG status", () => {
  it("is green with no reasons when nothing is due within 14 days", () => {
    const rag = computeRag(
      { ...empty, milestones: [{ name: "主体封顶", plannedDate: "2026-12-31", actualDate: null, replanCount: 1 }] },
      today,
    );
    expect(rag).toEqual({ colour: "green", reasons: [] });
  });

  it("is red when a milestone is past due and names it with the days late", () => {
    const rag = computeRag(
      { ...empty, milestones: [{ name: "主体封顶", plannedDate: "2026-11-20", actualDate: null, replanCount: 0 }] },
      today,
    );
    expect(rag.colour).toBe("red");
    expect(rag.reasons).toEqual([
      { kind: "milestone_overdue", colour: "red", subject: "主体封顶", dueDate: "2026-11-20", days: 8 },
    ]);
  });

  it("ignores done milestones, decided permits and solved problems", () => {
    const rag = computeRag(
      {
        fiveFixed: { targetTask: "年底投产", deadline: "2026-01-01", achievedDate: "2025-12-20" },
        milestones: [{ name: "开工", plannedDate: "2026-01-01", actualDate: "2026-01-02", replanCount: 3 }],
        permits: [{ name: "施工许可", status: "approved", dueDate: "2026-02-01" }],
        problems: [{ description: "供电", status: "resolved", deadline: "2026-03-01" }],
      },
      today,
    );
    expect(rag.colour).toBe("green");
  });

  it("is amber when something is due within 14 days or a milestone was re-planned twice", () => {
    expect(
      computeRag({ ...empty, permits: [{ name: "施工许可", status: "in_review", dueDate: "2026-12-12" }] }, today),
    ).toMatchObject({
      colour: "amber",
      reasons: [{ kind: "permit_due_soon", days: 14 }],
    });
    expect(
      computeRag(
        { ...empty, milestones: [{ name: "竣工", plannedDate: "2027-06-01", actualDate: null, replanCount: 2 }] },
        today,
      ),
    ).toMatchObject({ colour: "amber", reasons: [{ kind: "milestone_replanned", days: 2 }] });
  });

  it("lists reds first, longest overdue first", () => {
    const rag = computeRag(
      {
        fiveFixed: { targetTask: "年底主体封顶", deadline: "2026-12-01", achievedDate: null },
        milestones: [],
        permits: [{ name: "环评", status: "submitted", dueDate: "2026-11-27" }],
        problems: [{ description: "村民阻工", status: "open", deadline: "2026-10-01" }],
      },
      today,
    );
    expect(rag.colour).toBe("red");
    expect(rag.reasons.map((r) => r.kind)).toEqual(["problem_overdue", "permit_overdue", "five_fixed_due_soon"]);
  });
});
