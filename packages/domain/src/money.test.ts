import { describe, expect, it } from "vitest";
import { apportion, wanToYi } from "./money";

describe("money", () => {
  it("shows 2,638,000 万元 as 263.8 亿元", () => {
    expect(wanToYi(2_638_000)).toBe(263.8);
    expect(wanToYi(687_000)).toBe(68.7);
  });

  it("apportions an exact total by weight", () => {
    const parts = apportion(1000, [1, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(parts).toEqual([334, 333, 333]);
    expect(apportion(7, [0, 5, 2])).toEqual([0, 5, 2]);
  });
});
