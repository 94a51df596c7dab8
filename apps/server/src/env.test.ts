import { describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "./env";

describe("the server's environment", () => {
  it("reads TRUST_PROXY as off, on, a hop count or a list of proxies", () => {
    expect(readEnv({}).TRUST_PROXY).toBe(false);
    expect(readEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(readEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(readEnv({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" }).TRUST_PROXY).toEqual(["127.0.0.1", "10.0.0.0/8"]);
    expect(() => readEnv({ TRUST_PROXY: "everyone" })).toThrow(ConfigError);
    expect(() => readEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY must be true, false, a hop count/);
  });

  it("reads the password's maximum age, 0 meaning never", () => {
    expect(readEnv({}).PASSWORD_MAX_AGE_DAYS).toBe(90);
    expect(readEnv({ PASSWORD_MAX_AGE_DAYS: "0" }).PASSWORD_MAX_AGE_DAYS).toBe(0);
    expect(() => readEnv({ PASSWORD_MAX_AGE_DAYS: "-1" })).toThrow(ConfigError);
  });

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
