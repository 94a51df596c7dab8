import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import type { ProcedureMeta } from "./trpc";

/** Every procedure with who may call it and whether it declares an output schema. */
function procedures() {
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
    const def = (procedure as unknown as { _def: { meta?: ProcedureMeta; output?: unknown } })._def;
    return { path, who: def.meta?.who, hasOutput: def.output !== undefined };
  });
}

describe("output schemas", () => {
  it("every procedure says who may call it", () => {
    const unknown = procedures().filter((p) => p.who === undefined);
    expect(unknown.map((p) => p.path)).toEqual([]);
  });

  it("every procedure an investor (or anyone signed out) may call declares what it returns", () => {
    const investorCallable = procedures().filter((p) => p.who === "anyone" || p.who?.includes("investor"));
    // The walk finds the investor's procedures: the register, the project page, the overview, my work, sign-in.
    expect(investorCallable.map((p) => p.path)).toEqual(
      expect.arrayContaining(["projects.list", "projects.get", "dashboard.summary", "me.work", "auth.me", "problems.raise"]),
    );
    expect(investorCallable.filter((p) => !p.hasOutput).map((p) => p.path)).toEqual([]);
  });

  it("a district-only procedure is not counted as an investor's", () => {
    const byPath = new Map(procedures().map((p) => [p.path, p]));
    expect(byPath.get("dashboard.leagues")?.who).not.toContain("investor");
    expect(byPath.get("users.list")?.who).toEqual(["admin"]);
  });
});
