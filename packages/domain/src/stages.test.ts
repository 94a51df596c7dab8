import { describe, expect, it } from "vitest";
import { canChangeLifecycle, checkStageMove, STAGES } from "./stages";

describe("stage transitions", () => {
  it("lets a project move one stage forward without a reason", () => {
    for (let i = 0; i + 1 < STAGES.length; i++) {
      expect(checkStageMove(STAGES[i]!, STAGES[i + 1]!)).toEqual({ ok: true, kind: "forward" });
    }
  });

  it("requires a reason to move back or to skip a stage", () => {
    expect(checkStageMove("construction", "permits")).toEqual({ ok: false, code: "REASON_REQUIRED" });
    expect(checkStageMove("negotiation", "land", "  ")).toEqual({ ok: false, code: "REASON_REQUIRED" });
    expect(checkStageMove("construction", "permits", "施工许可被撤销")).toMatchObject({ ok: true, kind: "back" });
    expect(checkStageMove("negotiation", "land", "已有用地手续")).toMatchObject({ ok: true, kind: "skip" });
  });

  it("refuses a move to the stage the project is already in", () => {
    expect(checkStageMove("land", "land", "x")).toEqual({ ok: false, code: "SAME_STAGE" });
  });

  it("makes a project operating only from the last stage and never revives a cancelled one", () => {
    expect(canChangeLifecycle("active", "operating", "hiring")).toBe(false);
    expect(canChangeLifecycle("active", "operating", "operating")).toBe(true);
    expect(canChangeLifecycle("cancelled", "active", "construction")).toBe(false);
    expect(canChangeLifecycle("suspended", "active", "construction")).toBe(true);
  });
});
