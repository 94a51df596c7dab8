import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./client";

/** An error as drizzle reports a failed query: its own, wrapping the driver's. */
function wrapped(cause: object): Error {
  return Object.assign(new Error("Failed query: select 1"), { cause: Object.assign(new Error("driver"), cause) });
}

describe("isDatabaseUnavailable", () => {
  it("recognises PostgreSQL being away, through drizzle's wrapper", () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006"]) {
      expect(isDatabaseUnavailable(wrapped({ code })), code).toBe(true);
    }
  });

  it("does not take a bad query, a constraint or a plain error for an outage", () => {
    for (const code of ["42601", "23505", "40001"]) expect(isDatabaseUnavailable(wrapped({ code })), code).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
