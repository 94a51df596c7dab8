import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memoryCookieJar, TEST_NOW, type TestDatabase, testBackends, useTestDatabase } from "./testing";
import { createCallerFactory, createContext, createTRPCRouter, publicProcedure } from "./trpc";

/**
 * The net under the schemas: a procedure whose input slipped a NUL past validation (a field someone
 * forgot to build with `textInput()`) reaches PostgreSQL, which refuses the text. That is the
 * caller's bad input, not the server's fault: BAD_REQUEST in the user's language, not a 500.
 */
const probeRouter = createTRPCRouter({
  text: publicProcedure.mutation(({ ctx }) => ctx.db.execute(sql`select ${"甲\u0000乙"}::text as t`)),
  json: publicProcedure.mutation(({ ctx }) => ctx.db.execute(sql`select ${JSON.stringify({ a: "\u0000" })}::jsonb as j`)),
  broken: publicProcedure.mutation(({ ctx }) => ctx.db.execute(sql`select * from no_such_table`)),
});

describe.each(testBackends())("the base procedure on %s", (kind) => {
  let database: TestDatabase;
  useTestDatabase(
    kind,
    async (opened) => {
      database = opened;
    },
    { seeded: false },
  );

  const callerIn = (locale: "zh-CN" | "en") =>
    createCallerFactory(probeRouter)(() =>
      createContext({ db: database.db, cookies: memoryCookieJar(), now: () => TEST_NOW, locale }),
    );
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as TRPCError,
    );

  it("answers text PostgreSQL cannot store (NUL in text and in jsonb) with BAD_REQUEST in the user's language", async () => {
    const text = await failure(callerIn("zh-CN").text());
    expect(text).toBeInstanceOf(TRPCError);
    expect(text?.code).toBe("BAD_REQUEST");
    expect(text?.message).toBe("输入中含有无法保存的字符（如空字符 U+0000），请删除后重试");
    const json = await failure(callerIn("en").json());
    expect(json?.code).toBe("BAD_REQUEST");
    expect(json?.message).toBe("The input holds a character that cannot be stored (such as NUL, U+0000); remove it and retry");
  });

  it("still answers a broken query with an internal error", async () => {
    expect((await failure(callerIn("en").broken()))?.code).toBe("INTERNAL_SERVER_ERROR");
  });
});
