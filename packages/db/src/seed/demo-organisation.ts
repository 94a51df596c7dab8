/** The demo district's organisation: townships, units, people, working groups and the approval items. */
import type { Stage } from "@tracker/domain";
import { DEPARTMENTS, TOWNSHIPS, WORKING_GROUPS } from "./catalog";
import type { DemoBuild } from "./demo-context";

/**
 * Steps 1–4: the 5 townships and 11 subdistricts, the units (22 departments of the service centre,
 * 16 township offices, 7 working groups), the district leaders and every unit's people, the working
 * groups, and the 115 approval items. Returns what the later steps look up.
 */
export function buildOrganisation(b: DemoBuild) {
  const { out, names, createdAt } = b;
  // 1. Townships and their 为民服务中心 (16 township offices).
  const townshipIds = new Map<string, number>();
  TOWNSHIPS.forEach((t, i) => {
    out.townships.push({ id: i + 1, name: t.name, kind: t.kind });
    townshipIds.set(t.name, i + 1);
  });

  // 2. Units: 22 departments of the service centre, 16 township offices, 7 working groups.
  let unitId = 0;
  const departmentIds = new Map<string, number>();
  for (const d of DEPARTMENTS) {
    out.units.push({ id: ++unitId, name: d.name, shortName: d.shortName, kind: "department", inServiceCentre: true });
    departmentIds.set(d.shortName, unitId);
  }
  const townshipOfficeIds = new Map<number, number>();
  for (const t of out.townships) {
    const suffix = t.kind === "township" ? "人民政府" : "办事处";
    out.units.push({ id: ++unitId, name: `${t.name}${suffix}`, shortName: t.name, kind: "township_office", townshipId: t.id });
    townshipOfficeIds.set(t.id!, unitId);
  }
  const workingGroupUnitIds: number[] = [];
  for (const g of WORKING_GROUPS) {
    out.units.push({ id: ++unitId, name: `驿城区招商引资项目${g.name}`, shortName: g.name, kind: "working_group" });
    workingGroupUnitIds.push(unitId);
  }
  const dept = (short: string) => {
    const id = departmentIds.get(short);
    if (!id) throw new Error(`unknown department ${short}`);
    return id;
  };

  // 3. People: district leaders, the head and staff of every unit.
  let personId = 0;
  const addPerson = (name: string, title: string, unit: number | null) => {
    out.people.push({
      id: ++personId,
      name: names.reserve(name),
      title,
      unitId: unit,
      phone: `1390396${String(1000 + personId).slice(-4)}`,
      createdAt,
    });
    return personId;
  };
  const leadershipPerson = addPerson("张振华", "区长", null);
  const leaderTitles = [
    "常务副区长",
    "副区长",
    "副区长",
    "副区长",
    "副区长",
    "区委常委",
    "区委常委",
    "区委常委",
    "区人大常委会副主任",
    "区人大常委会副主任",
    "区政协副主席",
    "区政协副主席",
  ];
  const leaders = leaderTitles.map((title, i) => addPerson(i === 1 ? "刘卫东" : names.person(), title, null));
  const demoLeader = leaders[1]!;
  const unitPeople = new Map<number, number[]>();
  for (const u of out.units) {
    const staff: number[] = [];
    if (u.kind === "department") {
      staff.push(addPerson(names.person(), "局长", u.id!));
      staff.push(addPerson(names.person(), "股长", u.id!));
      staff.push(addPerson(u.shortName === "区住建局" ? "赵丽娟" : names.person(), "窗口负责人", u.id!));
    } else if (u.kind === "township_office") {
      staff.push(addPerson(names.person(), u.name.endsWith("政府") ? "镇长" : "主任", u.id!));
      staff.push(addPerson(names.person(), "项目办主任", u.id!));
    } else {
      staff.push(addPerson(names.person(), "组长", u.id!));
      staff.push(addPerson(names.person(), "副组长", u.id!));
    }
    unitPeople.set(u.id!, staff);
  }
  const housingBureau = dept("区住建局");
  const demoStaff = unitPeople.get(housingBureau)![2]!;
  // The demo person in charge works in the 建设推进组 working group.
  const demoOwnerUnit = workingGroupUnitIds[4]!;
  const demoOwner = unitPeople.get(demoOwnerUnit)![1]!;
  const adminPerson = addPerson(names.person(), "区政务服务和大数据管理局工程师", null);
  const auditorPerson = addPerson(names.person(), "区审计局审计员", null);

  WORKING_GROUPS.forEach((g, i) => {
    const u = workingGroupUnitIds[i]!;
    out.workingGroups.push({ id: i + 1, name: g.name, unitId: u, leadPersonId: unitPeople.get(u)![0]!, stages: [...g.stages] });
  });

  // 4. The approval-item catalogue: 115 items across the 22 units.
  let itemId = 0;
  const itemsByCode = new Map<string, { id: number; days: number; stage: Stage; unitId: number; name: string }>();
  for (const d of DEPARTMENTS) {
    for (const [code, name, days, stage] of d.items) {
      out.approvalItems.push({ id: ++itemId, code, name, unitId: dept(d.shortName), statutoryDays: days, stage });
      itemsByCode.set(code, { id: itemId, days, stage, unitId: dept(d.shortName), name });
    }
  }

  return {
    townshipIds,
    departmentIds,
    townshipOfficeIds,
    workingGroupUnitIds,
    dept,
    unitPeople,
    leaders,
    leadershipPerson,
    demoLeader,
    housingBureau,
    demoStaff,
    demoOwnerUnit,
    demoOwner,
    adminPerson,
    auditorPerson,
    itemsByCode,
  };
}

export type Organisation = ReturnType<typeof buildOrganisation>;
