import { describe, expect, it } from "vitest";
import { refusalFor } from "./database-errors";

/** An error as drizzle reports a failed query, wrapping the driver's (postgres.js or PGlite field names). */
function failed(fields: object): Error {
  return Object.assign(new Error("Failed query: …"), { cause: Object.assign(new Error("driver"), fields) });
}

describe("refusalFor", () => {
  it("answers a unique violation, and a deadlock or serialization failure left after the retries, with CONFLICT", () => {
    expect(refusalFor(failed({ code: "23505", constraint_name: "projects_code_uq" }), "zh-CN")).toMatchObject({
      code: "CONFLICT",
      message: "项目代码已存在",
    });
    expect(refusalFor(failed({ code: "23505", constraint: "permits_project_item_uq" }), "en")).toMatchObject({
      code: "CONFLICT",
      message: "This record already exists, perhaps just submitted by someone else; reload and try again",
    });
    for (const code of ["40P01", "40001"]) {
      expect(refusalFor(failed({ code }), "zh-CN")).toMatchObject({
        code: "CONFLICT",
        message: "其他人正在同时修改相同的数据，请稍后重试",
      });
    }
  });

  it("answers a check, not-null, foreign-key or bad-value refusal with BAD_REQUEST in the user's language", () => {
    expect(refusalFor(failed({ code: "23514", constraint: "problems_resolved_order_ck" }), "en")).toMatchObject({
      code: "BAD_REQUEST",
      message: "A problem cannot be resolved before it was raised",
    });
    expect(refusalFor(failed({ code: "23514", constraint_name: "projects_jobs_ck" }), "zh-CN")).toMatchObject({
      code: "BAD_REQUEST",
      message: "提交的内容不符合台账规则，未保存（规则 projects_jobs_ck）",
    });
    expect(refusalFor(failed({ code: "23502", column_name: "name" }), "en")).toMatchObject({
      code: "BAD_REQUEST",
      message: "A required value is missing (name); nothing was saved",
    });
    expect(refusalFor(failed({ code: "23503" }), "zh-CN")).toMatchObject({
      code: "BAD_REQUEST",
      message: "所引用的记录不存在或已被删除，未保存",
    });
    for (const code of ["22003", "22P02", "22007"]) expect(refusalFor(failed({ code }), "en")?.code).toBe("BAD_REQUEST");
  });

  it("leaves everything else to the internal error: a syntax error, an outage, a bug", () => {
    for (const error of [failed({ code: "42601" }), failed({ code: "ECONNRESET" }), new Error("a bug"), undefined]) {
      expect(refusalFor(error, "zh-CN")).toBeUndefined();
    }
  });
});
