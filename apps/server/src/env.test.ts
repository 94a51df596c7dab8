import { describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "./env";

describe("the server's environment", () => {
  it("sends no HSTS and allows no other origin unless told", () => {
    const env = readEnv({});
    expect(env.HSTS).toBe(false);
    expect(env.ALLOWED_ORIGINS).toEqual([]);
  });

  it("reads HSTS as a flag and ALLOWED_ORIGINS as a comma-separated list of origins", () => {
    const env = readEnv({ HSTS: "1", ALLOWED_ORIGINS: "https://xm.yicheng.gov.cn, http://10.0.0.5:3000" });
    expect(env.HSTS).toBe(true);
    expect(env.ALLOWED_ORIGINS).toEqual(["https://xm.yicheng.gov.cn", "http://10.0.0.5:3000"]);
  });

  it("stops on an origin with a path or without a scheme, saying what to write", () => {
    for (const bad of ["https://xm.yicheng.gov.cn/", "xm.yicheng.gov.cn", "*"]) {
      expect(() => readEnv({ ALLOWED_ORIGINS: bad }), bad).toThrow(ConfigError);
      expect(() => readEnv({ ALLOWED_ORIGINS: bad }), bad).toThrow(
        /ALLOWED_ORIGINS.*must be origins like https:\/\/tracker\.example\.cn/,
      );
    }
  });
});
