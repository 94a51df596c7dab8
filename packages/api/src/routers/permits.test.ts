import { type Database, rowsOf } from "@tracker/db";
import { workingDays } from "@tracker/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signedIn, TEST_TODAY, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("permits on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("gives permits with issuing unit, statutory limit and working days left", async () => {
    const staff = await signedIn(db, "staff");
    const [pending] = await rowsOf<{ project_id: number }>(
      db,
      sql`select project_id from permits where status in ('submitted','in_review') order by due_date limit 1`,
    );
    const permits = await staff.permits.forProject({ projectId: pending!.project_id });
    const open = permits.filter((p) => p.status === "submitted" || p.status === "in_review");
    expect(open.length).toBeGreaterThan(0);
    for (const p of open) {
      expect(p.workingDaysLeft).toEqual(expect.any(Number));
      expect(p.overdue).toBe(p.workingDaysLeft! < 0);
      expect(p.unitName).toBeTruthy();
      expect(p.statutoryDays).toBeGreaterThan(0);
    }
    expect(permits.filter((p) => p.status === "approved").every((p) => p.certificateNo && p.workingDaysLeft === null)).toBe(true);
  });

  it("lets window staff accept, review, return and approve their unit's permits on the statutory clock", async () => {
    const staff = await signedIn(db, "staff");
    const [p] = await rowsOf<{ id: number; version: number; days: number; project_id: number }>(
      db,
      sql`select p.id, p.version, a.statutory_days as days, p.project_id from permits p join approval_items a on a.id = p.approval_item_id
          join people pe on pe.unit_id = a.unit_id join users u on u.person_id = pe.id
          where u.username = 'staff' and p.status = 'not_started' order by p.id limit 1`,
    );
    const accepted = await staff.permits.move({ id: p!.id, version: p!.version, to: "submitted" });
    expect(accepted).toMatchObject({
      status: "submitted",
      submittedDate: TEST_TODAY,
      dueDate: workingDays.addWorkingDays(TEST_TODAY, p!.days),
    });
    const queue = await staff.permits.queue();
    expect(queue.some((q) => q.id === p!.id)).toBe(true);
    const left = queue.map((q) => q.workingDaysLeft!);
    expect(left).toEqual([...left].sort((a, b) => a - b));

    const reviewing = await staff.permits.move({ id: p!.id, version: accepted.version, to: "in_review" });
    await expect(
      staff.permits.move({ id: p!.id, version: reviewing.version, to: "approved", certificateNo: "  " }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      staff.permits.move({ id: p!.id, version: reviewing.version, to: "returned", missingMaterials: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const returned = await staff.permits.move({
      id: p!.id,
      version: reviewing.version,
      to: "returned",
      missingMaterials: ["施工图审查合格书", "建设资金到位证明"],
    });
    expect(returned).toMatchObject({ status: "returned", missingMaterials: ["施工图审查合格书", "建设资金到位证明"] });
    await expect(
      staff.permits.move({ id: p!.id, version: returned.version, to: "approved", certificateNo: "X" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "该事项当前为“退回补正”，不能改为“已办结”",
    });

    // What the investor's company sees of it: the one-time list of everything missing.
    const leadership = await signedIn(db, "leadership");
    const seen = (await leadership.permits.forProject({ projectId: p!.project_id })).find((x) => x.id === p!.id);
    expect(seen).toMatchObject({ status: "returned", missingMaterials: ["施工图审查合格书", "建设资金到位证明"] });

    const again = await staff.permits.move({ id: p!.id, version: returned.version, to: "submitted" });
    const approved = await staff.permits.move({
      id: p!.id,
      version: again.version,
      to: "approved",
      certificateNo: "411702202611280001",
    });
    expect(approved).toMatchObject({
      status: "approved",
      certificateNo: "411702202611280001",
      decidedDate: TEST_TODAY,
      missingMaterials: null,
    });
  });
});
