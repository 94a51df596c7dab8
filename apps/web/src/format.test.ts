import { describe, expect, it } from "vitest";
import { formatShare, formatWan, formatYi } from "./format";

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
