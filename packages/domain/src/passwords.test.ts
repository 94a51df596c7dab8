import { describe, expect, it } from "vitest";
import { checkPassword, passwordClasses, passwordExpired } from "./passwords";

describe("the password rule", () => {
  it("accepts 8+ characters from 3 of the 4 classes", () => {
    expect(checkPassword("Demo@2026")).toBeNull();
    expect(checkPassword("mnbvEF12")).toBeNull();
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

describe("the password rule against guessable passwords", () => {
  it("refuses well-known passwords, also with other case or substitutions", () => {
    expect(checkPassword("P@ssw0rd")).toBe("common");
    expect(checkPassword("Admin@123")).toBe("common");
    expect(checkPassword("ADMIN@123")).toBe("common");
    expect(checkPassword("1qaz@WSX")).toBe("common");
    expect(checkPassword("Aa123456")).toBe("common");
    expect(checkPassword("MyPassword#7")).toBe("common");
    expect(checkPassword("Xy!12345678")).toBe("common");
  });

  it("refuses a password built on the username, forwards or backwards", () => {
    expect(checkPassword("Window2#26", { username: "window2" })).toBe("contains_username");
    expect(checkPassword("2wodniW#26", { username: "window2" })).toBe("contains_username");
    expect(checkPassword("Window2#26", { username: "someone" })).toBeNull();
  });

  it("keeps accepting ordinary strong passwords", () => {
    expect(checkPassword("Better#2027", { username: "window2" })).toBeNull();
    expect(checkPassword("Owner#2026", { username: "owner2" })).toBeNull();
  });
});

describe("password expiry", () => {
  const changed = new Date("2026-01-01T00:00:00Z");
  it("expires after the maximum age, never when it is 0", () => {
    expect(passwordExpired(changed, new Date("2026-03-31T00:00:00Z"), 90)).toBe(false);
    expect(passwordExpired(changed, new Date("2026-04-02T00:00:00Z"), 90)).toBe(true);
    expect(passwordExpired(changed, new Date("2036-01-01T00:00:00Z"), 0)).toBe(false);
  });
});
