import { type Database, rowsOf } from "@tracker/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signedIn, testBackends, useTestDatabase } from "../testing";

describe.each(testBackends())("problems on %s", (kind) => {
  let db: Database;

  useTestDatabase(kind, async (opened) => {
    db = opened.db;
  });

  it("takes a problem from the investor's report through escalation to resolution, closing and reopening", async () => {
    const investor = await signedIn(db, "investor");
    const [own] = (await investor.projects.list({ q: "华骏铸造三期" })).items;
    const raised = await investor.problems.raise({
      projectId: own!.id,
      category: "utilities",
      description: "厂区天然气管网未接通，影响设备调试",
      deadline: "2026-12-15",
    });
    expect(raised).toMatchObject({ status: "open", escalationLevel: "unit" });
    await expect(
      investor.problems.raise({ projectId: own!.id, category: "utilities", description: "过期的时限", deadline: "2026-11-01" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "办结时限不能早于今天" });

    const leadership = await signedIn(db, "leadership");
    let p = await leadership.problems.escalate({ id: raised.id, version: raised.version, reason: "承办单位逾期未办" });
    expect(p.escalationLevel).toBe("working_group");
    p = await leadership.problems.escalate({ id: p.id, version: p.version, reason: "专业组协调未果" });
    expect(p.escalationLevel).toBe("district");
    await expect(leadership.problems.escalate({ id: p.id, version: p.version, reason: "再提级" })).rejects.toMatchObject({
      message: "问题已提级至区领导，不能再提级",
    });
    await expect(leadership.problems.verify({ id: p.id, version: p.version })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "问题当前为“待办”，不能验收销号",
    });
    const staffProblem = await leadership.problems.assign({ id: p.id, version: p.version, assignedUnitId: (await staffUnit())! });
    const staff = await signedIn(db, "staff");
    await expect(staff.problems.resolve({ id: p.id, version: staffProblem.version, resolution: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const resolved = await staff.problems.resolve({
      id: p.id,
      version: staffProblem.version,
      resolution: "燃气公司铺设支线，已通气",
    });
    expect(resolved).toMatchObject({ status: "resolved", resolution: "燃气公司铺设支线，已通气" });
    const closed = await leadership.problems.verify({ id: p.id, version: resolved.version });
    expect(closed.status).toBe("verified");
    const reopened = await leadership.problems.reopen({ id: p.id, version: closed.version, reason: "复查发现压力不足" });
    expect(reopened).toMatchObject({ status: "in_progress", resolvedAt: null, verifiedAt: null });
    const actions = await rowsOf<{ action: string }>(
      db,
      sql`select action from audit_events where entity = 'problem' and entity_id = ${String(p.id)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(["raise", "escalate", "escalate", "assign", "resolve", "verify", "reopen"]);
  });

  async function staffUnit() {
    const [u] = await rowsOf<{ id: number }>(
      db,
      sql`select pe.unit_id as id from users u join people pe on pe.id = u.person_id where u.username = 'staff'`,
    );
    return u?.id;
  }
});
