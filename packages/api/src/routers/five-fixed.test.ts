import type { Database } from "@tracker/db";
import { describe, expect, it } from "vitest";
import { signedIn, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("five-fixed responsibility on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("re-fixes five-fixed responsibility and keeps the history", async () => {
    const leadership = await signedIn(db, "leadership");
    const [hit] = (await leadership.projects.list({ q: "浙江商城" })).items;
    const before = await leadership.projects.get({ id: hit!.id });
    const current = before.fiveFixed!;
    const next = await leadership.fiveFixed.set({
      projectId: hit!.id,
      version: current.version,
      leaderId: current.leaderId,
      unitId: current.unitId,
      ownerId: current.leaderId,
      targetTask: "2027年3月底前主体封顶",
      deadline: "2027-03-31",
      reason: "责任人调整",
    });
    expect(next.version).toBe(current.version + 1);
    const after = await leadership.projects.get({ id: hit!.id });
    expect(after.fiveFixed).toMatchObject({
      ownerId: current.leaderId,
      targetTask: "2027年3月底前主体封顶",
      reason: "责任人调整",
    });
    expect(after.fiveFixedHistory[0]).toMatchObject({ id: current.id, ownerId: current.ownerId });
    await expect(
      leadership.fiveFixed.set({ projectId: hit!.id, version: current.version, leaderId: 1, unitId: 1, ownerId: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      leadership.fiveFixed.set({
        projectId: hit!.id,
        version: next.version,
        leaderId: 1,
        unitId: 1,
        ownerId: 1,
        targetTask: "无时限",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "目标任务与时间节点须同时填写" });
  });
});
