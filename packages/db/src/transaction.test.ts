import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "./client";
import { openTestDatabase } from "./testing";
import { databaseError, transaction } from "./transaction";

/** An error as drizzle reports a failed query: its own, wrapping the driver's. */
function wrapped(fields: object): Error {
  return Object.assign(new Error("Failed query: insert …"), { cause: Object.assign(new Error("driver"), fields) });
}

/** A database whose every transaction just runs the work: enough to count the runs. */
function countingDatabase() {
  const db = {
    runs: 0,
    transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      db.runs++;
      return work(db);
    },
  };
  return db;
}

describe("databaseError", () => {
  it("reads the SQLSTATE and the constraint of postgres.js and of PGlite errors, through drizzle's wrapper", () => {
    expect(databaseError(wrapped({ code: "23514", constraint_name: "projects_jobs_ck" }))).toEqual({
      code: "23514",
      constraint: "projects_jobs_ck",
      column: undefined,
    });
    expect(databaseError(wrapped({ code: "23502", constraint: undefined, column: "name" }))).toMatchObject({
      code: "23502",
      column: "name",
    });
    expect(databaseError(new Error("boom"))).toBeUndefined();
    // Node's own codes are not SQLSTATEs.
    expect(databaseError(wrapped({ code: "ECONNRESET" }))).toBeUndefined();
  });
});

describe("transaction", () => {
  it("runs again after a deadlock or a serialization failure, up to the attempts given, then gives up", async () => {
    for (const code of ["40P01", "40001"]) {
      const db = countingDatabase();
      const retries: string[] = [];
      const failing = transaction(
        db as unknown as Database,
        async () => {
          throw wrapped({ code });
        },
        { attempts: 3, onRetry: (r) => retries.push(r.code) },
      );
      await expect(failing).rejects.toMatchObject({ cause: { code } });
      expect(db.runs).toBe(3);
      expect(retries).toEqual([code, code]);
    }
    const db = countingDatabase();
    let failures = 2;
    const answer = await transaction(db as unknown as Database, async () => {
      if (failures-- > 0) throw wrapped({ code: "40P01" });
      return "done";
    });
    expect(answer).toBe("done");
    expect(db.runs).toBe(3);
  });

  it("does not run a transaction again for a constraint violation or an error of the code", async () => {
    for (const error of [wrapped({ code: "23505" }), new Error("a bug")]) {
      const db = countingDatabase();
      await expect(
        transaction(db as unknown as Database, async () => {
          throw error;
        }),
      ).rejects.toBe(error);
      expect(db.runs).toBe(1);
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "on PostgreSQL, lets both of two transactions that deadlock commit: the one PostgreSQL chose runs again",
    async () => {
      const database = await openTestDatabase("postgres", { seeded: false });
      try {
        const { db } = database;
        await db.execute(sql`create table counters (id int primary key, n int not null)`);
        await db.execute(sql`insert into counters values (1, 0), (2, 0)`);
        // Each takes one row, waits until the other has its row, then asks for the other's: a cycle.
        let holding = 0;
        let release: () => void = () => {};
        const bothHold = new Promise<void>((resolve) => {
          release = resolve;
        });
        const retried: string[] = [];
        const bump = (first: number, second: number) =>
          transaction(
            db,
            async (tx) => {
              await tx.execute(sql`update counters set n = n + 1 where id = ${first}`);
              if (++holding === 2) release();
              await bothHold;
              await tx.execute(sql`update counters set n = n + 1 where id = ${second}`);
            },
            { onRetry: (r) => retried.push(r.code) },
          );
        await Promise.all([bump(1, 2), bump(2, 1)]);
        expect(retried).toEqual(["40P01"]);
        const rows = await db.execute(sql`select id, n from counters order by id`);
        expect([...(rows as unknown as { id: number; n: number }[])]).toEqual([
          { id: 1, n: 2 },
          { id: 2, n: 2 },
        ]);
      } finally {
        await database.dispose();
      }
    },
  );
});
