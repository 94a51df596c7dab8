import { describe, expect, it } from "vitest";
import { checkPassword, passwordClasses } from "./passwords";

describe("the password rule", () => {
  it("accepts 8+ characters from 3 of the 4 classes", () => {
    expect(checkPassword("Demo@2026")).toBeNull();
    expect(checkPassword("abcdEF12")).toBeNull();
    expect(checkPassword("abcd12#$")).toBeNull();
  });

  it("refuses short passwords and those from fewer than 3 classes", () => {
    expect(checkPassword("Ab1@")).toBe("too_short");
    expect(checkPassword("abcdefgh12")).toBe("too_few_classes");
    expect(checkPassword("ABCDEFGH")).toBe("too_few_classes");
    expect(checkPassword(`Aa1${"x".repeat(200)}`)).toBe("too_long");
    expect(passwordClasses("aA1!")).toBe(4);
  });
});
