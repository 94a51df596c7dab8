import { problemRaiseSchema, progressReportSchema, reasonSchema, stageMoveSchema } from "@tracker/domain";
import { describe, expect, it } from "vitest";
import { bounds, schemaRule } from "./zod-rules";

const check = async (rule: ReturnType<typeof schemaRule>, value: unknown) => {
  if (typeof rule === "function" || !rule.validator) throw new Error("not a validator rule");
  return rule.validator({}, value, () => undefined);
};

describe("rules from the domain's zod schemas", () => {
  it("reads the limits the server applies, through optional and default", () => {
    expect(bounds(reasonSchema)).toMatchObject({ minLength: 2, maxLength: 500 });
    expect(bounds(stageMoveSchema.shape.reason)).toMatchObject({ maxLength: 500 });
    expect(bounds(problemRaiseSchema.shape.description)).toMatchObject({ minLength: 4, maxLength: 2000 });
    expect(bounds(progressReportSchema.shape.narrative)).toMatchObject({ maxLength: 2000 });
    expect(bounds(progressReportSchema.shape.physicalPercent)).toMatchObject({ min: 0, max: 100 });
  });

  it("refuses what the server would refuse, with the form's message, and leaves an empty field to required", async () => {
    const rule = schemaRule(reasonSchema, "请填写原因（至少2个字）");
    await expect(check(rule, " a ")).rejects.toThrow("请填写原因（至少2个字）");
    await expect(check(rule, "x".repeat(501))).rejects.toThrow();
    await expect(check(rule, "工期顺延")).resolves.toBeUndefined();
    await expect(check(rule, "")).resolves.toBeUndefined();
  });
});
