import type { Database } from "@tracker/db";
import { describe, expect, it } from "vitest";
import { signedIn, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("my work on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("lists my work soonest first: milestones for the person in charge, the permit queue for window staff", async () => {
    const owner = await (await signedIn(db, "owner")).me.work();
    expect(owner.projects.map((p) => p.name)).toEqual(expect.arrayContaining(["十三香工业园", "华润雪花啤酒", "民生天都星城"]));
    const dates = owner.milestones.map((m) => m.plannedDate);
    expect(dates).toEqual([...dates].sort());
    expect(owner.milestones.every((m) => m.plannedDate <= "2026-12-12")).toBe(true);
    const staff = await (await signedIn(db, "staff")).me.work();
    expect(staff.projects).toEqual([]);
    expect(staff.permits.length).toBeGreaterThan(0);
    const left = staff.permits.map((p) => p.workingDaysLeft!);
    expect(left).toEqual([...left].sort((a, b) => a - b));
  });
});
