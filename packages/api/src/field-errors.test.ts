import { milestonePlanSchema, projectCreateSchema } from "@tracker/domain";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrors } from "./field-errors";

function errorOf(result: { success: boolean; error?: z.ZodError }) {
  if (result.success || !result.error) throw new Error("expected a validation error");
  return result.error;
}

describe("per-field messages", () => {
  it("speaks Chinese by default and English on request, field by field", () => {
    const error = errorOf(
      milestonePlanSchema.safeParse({ projectId: -1, stage: "demolition", name: "x", plannedDate: "2026-02-30" }),
    );
    expect(fieldErrors(error, "zh-CN")).toEqual({
      projectId: ["必须大于 0"],
      stage: ["不是允许的取值"],
      name: ["至少 2 个字符"],
      plannedDate: ["日期格式应为 YYYY-MM-DD"],
    });
    const en = fieldErrors(error, "en");
    expect(en.plannedDate).toEqual(["date must be YYYY-MM-DD"]);
    expect(en.name![0]).toMatch(/>=2 characters/);
  });

  it("names a NUL character (U+0000) in a text field, which PostgreSQL cannot store", () => {
    const error = errorOf(
      milestonePlanSchema.safeParse({ projectId: 1, stage: "land", name: "消防\u0000验收", plannedDate: "2026-12-01" }),
    );
    expect(fieldErrors(error, "zh-CN")).toEqual({ name: ["不能包含空字符（U+0000）"] });
    expect(fieldErrors(error, "en")).toEqual({ name: ["must not contain the NUL character (U+0000)"] });
  });

  it("names a missing field and a cross-field rule", () => {
    const error = errorOf(
      projectCreateSchema.safeParse({
        code: "2026-411702-35-03-000001",
        investorId: 1,
        signedDate: "2026-01-01",
        industry: "装备制造",
        category: "industrial",
        townshipId: 1,
        totalInvestmentWan: 1,
        plannedStartDate: "2027-01-01",
        plannedCompletionDate: "2026-01-01",
      }),
    );
    expect(fieldErrors(error, "zh-CN")).toMatchObject({ name: ["必填"] });
    const refined = errorOf(
      projectCreateSchema.safeParse({
        code: "2026-411702-35-03-000001",
        investorId: 1,
        signedDate: "2026-01-01",
        name: "测试项目",
        industry: "装备制造",
        category: "industrial",
        townshipId: 1,
        totalInvestmentWan: 1,
        plannedStartDate: "2027-01-01",
        plannedCompletionDate: "2026-01-01",
      }),
    );
    expect(fieldErrors(refined, "zh-CN")).toEqual({ plannedCompletionDate: ["计划竣工日期不能早于计划开工日期"] });
  });
});
