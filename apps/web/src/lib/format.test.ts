import { describe, expect, it } from "vitest";
import { formatBeijingTime, formatShare, formatWan, formatYi } from "./format";

describe("amounts on the dashboard", () => {
  it("shows 万元 totals as 亿元 with one decimal", () => {
    expect(formatYi(2_638_000)).toBe("263.8");
    expect(formatYi(687_000)).toBe("68.7");
    expect(formatYi(0)).toBe("0.0");
  });

  it("groups 万元 amounts and shows shares as percentages", () => {
    expect(formatWan(2_638_000)).toBe("2,638,000");
    expect(formatShare(687_000, 2_638_000)).toBe("26%");
    expect(formatShare(1, 0)).toBe("–");
  });
});

describe("moments on the dashboard", () => {
  it("shows them in Beijing time whatever the browser's zone", () => {
    expect(formatBeijingTime("2026-12-02T18:14:40Z")).toBe("2026/12/03 02:14");
    expect(formatBeijingTime(new Date("2026-12-02T18:14:40Z"), { seconds: true })).toBe("2026/12/03 02:14:40");
  });
});
