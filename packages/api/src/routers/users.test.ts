import { schema } from "@tracker/db";
import { lockedUsernames } from "@tracker/db/queries";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { client, signedIn, TEST_NOW, type TestDatabase, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("user accounts on %s", (kind) => {
  let database: TestDatabase;
  useTestDatabase(kind, async (opened) => {
    database = opened;
  });

  it("lets the administrator see and lift a lock, audited", async () => {
    const attacker = client(database.db, { clientIp: "10.4.4.4" });
    for (let i = 0; i < 5; i++)
      await expect(attacker.caller().auth.login({ username: "owner", password: `Wrong#${i}` })).rejects.toThrow();
    const admin = await signedIn(database.db, "admin");
    const [owner] = await database.db.select().from(schema.users).where(eq(schema.users.username, "owner"));
    expect(await admin.users.locks({ id: owner!.id })).toEqual([
      { address: "10.4.4.4", lockedUntil: new Date(TEST_NOW.getTime() + 30 * 60_000) },
    ]);
    // The CLI's list reads every lock in one query.
    expect((await lockedUsernames(database.db, TEST_NOW)).get("owner")).toBe(1);
    await expect(admin.users.unlock({ id: owner!.id })).resolves.toEqual({ cleared: 1 });
    expect((await lockedUsernames(database.db, TEST_NOW)).get("owner")).toBeUndefined();
    expect(await admin.users.locks({ id: owner!.id })).toEqual([]);
    await expect(attacker.caller().auth.login({ username: "owner", password: "Demo@2026" })).resolves.toMatchObject({
      role: "owner",
    });
    const unlocks = await database.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "unlock"), eq(schema.auditEvents.entityId, String(owner!.id))));
    expect(unlocks).toHaveLength(1);
  });
});
