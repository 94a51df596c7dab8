import {
  addDays,
  addMonths,
  apportion,
  daysBetween,
  type IsoDate,
  monthStart,
  type PermitStatus,
  type ProblemCategory,
  type ProjectCategory,
  type Role,
  STAGES,
  type Stage,
  stageIndex,
  workingDays,
} from "@tracker/domain";
import { initials } from "../pinyin";
import type * as schema from "../schema";
import { CATEGORY_ITEMS, CORE_ITEMS, DEPARTMENTS, EIA_FORM, EIA_REPORT, INDUSTRIES, TOWNSHIPS, WORKING_GROUPS } from "./catalog";
import { NameMaker, ProjectNameMaker } from "./names";
import { Random } from "./random";

/** The article's figures the demo district reproduces exactly (DESIGN.md §3). */
export const DEMO_FIGURES = {
  projects: 364,
  totalInvestmentWan: 2_638_000,
  operating: 137,
  completedInvestmentWan: 687_000,
  keyRealEstate: 36,
  workingGroups: 7,
  townships: 5,
  subdistricts: 11,
  serviceCentreUnits: 22,
  approvalItems: 115,
  resolvedProblems: 378,
} as const;

export const DEMO_PASSWORD = "Demo@2026";
export const DEMO_SEED = 20_070_364;

/** How many projects stand in each stage today. */
const STAGE_COUNTS: Record<Stage, number> = {
  negotiation: 60,
  permits: 55,
  land: 40,
  construction: 58,
  hiring: 14,
  operating: 137,
};

interface NamedProject {
  name: string;
  stage: Stage;
  category: ProjectCategory;
  industry: string;
  investor: string;
  isKey: boolean;
  township: string;
  /** Held by the demo `leader` / `owner` users. */
  demoLeader?: boolean;
  demoOwner?: boolean;
}

export const DEMO_INVESTOR = "驻马店中集华骏铸造有限公司";

/** The projects the article names, in the stages it gives them, plus the demo investor's others. */
const NAMED_PROJECTS: NamedProject[] = [
  {
    name: "华骏铸造二期",
    stage: "operating",
    category: "industrial",
    industry: "装备制造",
    investor: DEMO_INVESTOR,
    isKey: true,
    township: "水屯镇",
    demoLeader: true,
  },
  {
    name: "上海华宇电力",
    stage: "operating",
    category: "industrial",
    industry: "电力能源",
    investor: "上海华宇电力设备有限公司",
    isKey: true,
    township: "水屯镇",
  },
  {
    name: "清华阳光",
    stage: "operating",
    category: "industrial",
    industry: "新材料",
    investor: "清华阳光能源开发有限责任公司",
    isKey: true,
    township: "沙河店镇",
  },
  {
    name: "顶升油脂二期",
    stage: "operating",
    category: "industrial",
    industry: "食品加工",
    investor: "河南顶升油脂有限公司",
    isKey: false,
    township: "诸市镇",
  },
  {
    name: "天基权低碳产业园",
    stage: "construction",
    category: "industrial",
    industry: "新材料",
    investor: "河南天基权实业有限公司",
    isKey: true,
    township: "水屯镇",
    demoLeader: true,
  },
  {
    name: "十三香工业园",
    stage: "construction",
    category: "industrial",
    industry: "食品加工",
    investor: "驻马店王守义十三香调味品集团有限公司",
    isKey: true,
    township: "板桥镇",
    demoOwner: true,
  },
  {
    name: "管桩附件生产",
    stage: "construction",
    category: "industrial",
    industry: "新材料",
    investor: "驻马店市恒基管桩附件有限公司",
    isKey: false,
    township: "诸市镇",
  },
  {
    name: "华润雪花啤酒",
    stage: "permits",
    category: "industrial",
    industry: "食品加工",
    investor: "华润雪花啤酒(河南)有限公司",
    isKey: true,
    township: "水屯镇",
    demoOwner: true,
  },
  {
    name: "香港凯悦标准厂房",
    stage: "negotiation",
    category: "industrial",
    industry: "装备制造",
    investor: "香港凯悦投资有限公司",
    isKey: true,
    township: "蚁蜂镇",
    demoLeader: true,
  },
  {
    name: "民生天都星城",
    stage: "construction",
    category: "real_estate",
    industry: "房地产开发",
    investor: "河南民生置业有限公司",
    isKey: true,
    township: "雪松街道",
    demoLeader: true,
    demoOwner: true,
  },
  {
    name: "浙江商城",
    stage: "construction",
    category: "real_estate",
    industry: "房地产开发",
    investor: "浙江商城置业(驻马店)有限公司",
    isKey: true,
    township: "新华街道",
    demoOwner: true,
  },
  {
    name: "中集华骏车辆配件项目",
    stage: "construction",
    category: "industrial",
    industry: "装备制造",
    investor: DEMO_INVESTOR,
    isKey: false,
    township: "水屯镇",
  },
  {
    name: "华骏铸造三期",
    stage: "permits",
    category: "industrial",
    industry: "装备制造",
    investor: DEMO_INVESTOR,
    isKey: false,
    township: "水屯镇",
  },
];

/** Key real-estate projects by stage (36 in all; the two named ones are among the construction ones). */
const KEY_REAL_ESTATE_STAGES: Record<Stage, number> = {
  negotiation: 3,
  permits: 5,
  land: 5,
  construction: 13,
  hiring: 2,
  operating: 8,
};
/** Other key projects: the largest non-real-estate projects, to this many. */
const OTHER_KEY_PROJECTS = 48;
/** Non-key real-estate projects. */
const PLAIN_REAL_ESTATE = 14;

type Health = "late" | "at_risk" | "on_time";

export type Rows<T extends keyof typeof schema> = (typeof schema)[T] extends { $inferInsert: infer R } ? R[] : never;

export interface DemoDistrict {
  townships: Rows<"townships">;
  units: Rows<"units">;
  people: Rows<"people">;
  workingGroups: Rows<"workingGroups">;
  investors: Rows<"investors">;
  users: (Omit<Rows<"users">[number], "passwordHash"> & { username: string })[];
  projects: Rows<"projects">;
  fiveFixedAssignments: Rows<"fiveFixedAssignments">;
  milestones: Rows<"milestones">;
  milestoneReplans: Rows<"milestoneReplans">;
  approvalItems: Rows<"approvalItems">;
  permits: Rows<"permits">;
  progressReports: Rows<"progressReports">;
  problems: Rows<"problems">;
}

/** A timestamp at 09:30 China time on a calendar day. */
function at(date: IsoDate, minutes = 0): Date {
  return new Date(Date.parse(`${date}T01:30:00Z`) + minutes * 60_000);
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

const MILESTONE_TEMPLATES: Record<Stage, (realEstate: boolean) => string[]> = {
  negotiation: () => ["签订投资协议", "完成项目备案"],
  permits: () => ["取得用地规划许可", "完成环评审批", "取得工程规划许可"],
  land: () => ["完成土地征收", "完成场地平整并交地"],
  construction: (re) => (re ? ["开工建设", "主体封顶", "外立面及配套完工"] : ["开工建设", "主体完工", "设备安装调试"]),
  hiring: (re) => (re ? ["竣工验收", "交付使用"] : ["竣工验收", "招工到位"]),
  operating: (re) => (re ? ["物业移交运营"] : ["正式投产"]),
};

/** Typical days a project spends in each stage. */
const STAGE_DAYS: Record<Stage, [number, number]> = {
  negotiation: [30, 150],
  permits: [60, 210],
  land: [60, 240],
  construction: [300, 720],
  hiring: [60, 150],
  operating: [0, 0],
};

/** How long a project currently in a stage may already have been there. */
const DWELL_DAYS: Record<Stage, [number, number]> = {
  negotiation: [10, 200],
  permits: [15, 260],
  land: [15, 280],
  construction: [20, 620],
  hiring: [10, 140],
  operating: [60, 6_000],
};

const PROBLEM_TEXT: Record<ProblemCategory, { description: string[]; resolution: string[] }> = {
  land: {
    description: [
      "项目用地存在村组地界争议",
      "征地补偿款未及时拨付到位",
      "部分地块涉及基本农田需调规",
      "地上附着物清点存在分歧",
      "用地指标不足影响供地",
    ],
    resolution: [
      "区征迁组会同乡镇入户协调,补偿方案达成一致",
      "区财政调度资金,补偿款已足额拨付",
      "完成土地利用总体规划调整并获批",
      "组织第三方重新评估,签订补偿协议",
      "申请新增建设用地指标已获批",
    ],
  },
  permits: {
    description: [
      "施工图审查意见反复修改影响施工许可办理",
      "环评审批需补充专家论证",
      "消防设计审查资料不全",
      "不动产登记因历史遗留问题受阻",
    ],
    resolution: [
      "住建局组织联合会审,一次性告知补正后办结",
      "生态环境分局组织专家评审,批复已出具",
      "指导企业补齐资料,限时办结",
      "区专题会议研究,按容缺受理办结",
    ],
  },
  funding: {
    description: ["企业融资困难,建设资金缺口较大", "银行贷款审批周期长", "政策性奖补资金未兑现"],
    resolution: ["协调驿城农商行发放项目贷款", "纳入政银企对接重点项目清单,贷款已到位", "财政局按政策兑现奖补资金"],
  },
  utilities: {
    description: ["施工用电增容未落实", "天然气管网未接通", "项目周边道路未贯通", "供水管网配套滞后"],
    resolution: [
      "供电公司架设专线,用电已接通",
      "燃气公司铺设支线,已通气",
      "交通局加快道路建设,已通车",
      "城管局协调水务公司完成管网配套",
    ],
  },
  site: {
    description: ["周边群众阻挠施工", "施工扰民引发信访", "强揽工程、强买强卖干扰施工", "渣土运输路线与村民发生纠纷"],
    resolution: [
      "乡镇、派出所联合调处,纠纷已化解",
      "调整施工时段并公示,信访已息诉",
      "公安分局依法查处,施工秩序恢复",
      "重新规划运输路线并签订协议",
    ],
  },
  labour: {
    description: ["熟练技工招聘困难", "农民工工资支付纠纷", "企业用工缺口较大"],
    resolution: ["人社局组织专场招聘会,招工到位", "督促总包单位足额支付,纠纷化解", "联合职业院校开展订单式培训"],
  },
  other: {
    description: ["项目周边治安环境较差", "企业反映涉企检查过多"],
    resolution: ["设立警企共建联系点,治安环境好转", "纳入优化环境监测点,实行涉企检查报备"],
  },
};

const MISSING_MATERIALS = [
  "建设用地规划许可证复印件",
  "施工图审查合格书",
  "建设资金到位证明",
  "中标通知书及施工合同",
  "工程质量安全监督手续",
  "法定代表人授权委托书",
  "消防设计文件(含电子版)",
  "环评批复文件",
  "项目备案证明",
  "节能审查意见",
];

const INDUSTRY_CODES: Record<string, string> = {
  装备制造: "35",
  食品加工: "14",
  新材料: "30",
  电力能源: "44",
  化工: "26",
  纺织服装: "18",
  电子信息: "39",
  生物医药: "27",
  房地产开发: "70",
  商贸物流: "59",
  批发零售: "52",
  现代农业: "01",
  农产品加工: "13",
  城市基础设施: "78",
  交通运输: "54",
  文化旅游: "88",
  健康养老: "84",
  教育培训: "83",
};

/**
 * Builds the demo district in memory: plain rows with explicit ids, every date relative to `today`,
 * every figure from the article. Pure: the same seed and today give the same rows.
 */
export function buildDemoDistrict(options: { today: IsoDate; seed?: number }): DemoDistrict {
  const { today } = options;
  const random = new Random(options.seed ?? DEMO_SEED);
  const names = new NameMaker(random);
  const projectNames = new ProjectNameMaker(random);
  const out: DemoDistrict = {
    townships: [],
    units: [],
    people: [],
    workingGroups: [],
    investors: [],
    users: [],
    projects: [],
    fiveFixedAssignments: [],
    milestones: [],
    milestoneReplans: [],
    approvalItems: [],
    permits: [],
    progressReports: [],
    problems: [],
  };
  const createdAt = at(addDays(today, -1));

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

  // 5. The projects: their stage, category, key flag and place.
  interface Draft {
    named?: NamedProject;
    stage: Stage;
    category: ProjectCategory;
    industry: string;
    isKey: boolean;
    township: number;
    name: string;
    investor: string;
    health: Health;
    weight: number;
    fraction: number;
    entered: Partial<Record<Stage, IsoDate>>;
    planned: Partial<Record<Stage, IsoDate>>;
    total: number;
    completed: number;
  }
  const left: Record<Stage, number> = { ...STAGE_COUNTS };
  const drafts: Draft[] = [];
  for (const p of NAMED_PROJECTS) projectNames.reserve(p.name);
  const industrialTownships = out.townships.filter((t) => t.kind === "township").map((t) => t.id!);
  const urbanTownships = out.townships.filter((t) => t.kind === "subdistrict").map((t) => t.id!);
  const allTownships = out.townships.map((t) => t.id!);
  const blank = { health: "on_time" as Health, weight: 1, fraction: 0, entered: {}, planned: {}, total: 0, completed: 0 };

  for (const p of NAMED_PROJECTS) {
    left[p.stage]--;
    drafts.push({
      ...blank,
      entered: {},
      planned: {},
      named: p,
      stage: p.stage,
      category: p.category,
      industry: p.industry,
      isKey: p.isKey,
      township: townshipIds.get(p.township)!,
      name: p.name,
      investor: p.investor,
    });
  }
  const reLeft: Record<Stage, number> = { ...KEY_REAL_ESTATE_STAGES };
  for (const p of NAMED_PROJECTS) if (p.category === "real_estate" && p.isKey) reLeft[p.stage]--;
  const makeDraft = (stage: Stage, category: ProjectCategory, isKey: boolean): Draft => {
    const industry = random.pick(INDUSTRIES[category]!);
    const { name, investor } = projectNames.make(category, industry);
    const township =
      category === "real_estate" || category === "commerce" || category === "services"
        ? random.pick(urbanTownships)
        : random.chance(0.8)
          ? random.pick(industrialTownships)
          : random.pick(allTownships);
    left[stage]--;
    return { ...blank, entered: {}, planned: {}, stage, category, industry, isKey, township, name, investor };
  };
  for (const stage of STAGES) for (let i = 0; i < reLeft[stage]; i++) drafts.push(makeDraft(stage, "real_estate", true));
  const plainEstateStages = random.sample(
    STAGES.flatMap((s) => Array<Stage>(Math.max(left[s] - 20, 0)).fill(s)),
    PLAIN_REAL_ESTATE,
  );
  for (const stage of plainEstateStages) drafts.push(makeDraft(stage, "real_estate", false));
  for (const stage of STAGES) {
    while (left[stage] > 0) {
      const category = random.weighted<ProjectCategory>([
        ["industrial", 60],
        ["commerce", 12],
        ["agriculture", 10],
        ["infrastructure", 8],
        ["services", 10],
      ]);
      drafts.push(makeDraft(stage, category, false));
    }
  }
  // Deterministic order: by stage then name, so ids read sensibly.
  const ordered = random.shuffle(drafts);

  // 6. Investment: weights by category, totals apportioned exactly, completed shares by stage.
  const categoryScale: Record<ProjectCategory, number> = {
    industrial: 1.4,
    real_estate: 3.2,
    commerce: 1,
    agriculture: 0.5,
    infrastructure: 1.6,
    services: 0.8,
  };
  for (const d of ordered) {
    d.weight =
      Math.exp(random.normal() * 0.75) * categoryScale[d.category] * (d.isKey ? 2.2 : 1) * (d.stage === "operating" ? 0.7 : 1);
    d.health =
      d.stage === "operating"
        ? "on_time"
        : random.weighted<Health>([
            ["late", 24],
            ["at_risk", 22],
            ["on_time", 54],
          ]);
  }
  const operating = ordered.filter((d) => d.stage === "operating");
  const active = ordered.filter((d) => d.stage !== "operating");

  // Timelines first: the completed share of a project under construction depends on how long it has built.
  for (const d of ordered) buildTimeline(d);

  for (const d of active) {
    if (d.stage === "hiring") d.fraction = 0.9 + random.next() * 0.1;
    else if (d.stage === "construction") {
      const months = monthsOfReports(d).length;
      const built = daysBetween(d.entered.construction!, today) / daysBetween(d.entered.construction!, d.planned.hiring!);
      d.fraction = months === 0 ? 0 : Math.min(0.85, Math.max(0.05, built * (0.75 + random.next() * 0.3)));
    }
  }
  // Solve for the non-operating total N so that (TOTAL − N) + Σ fraction·share·N = COMPLETED.
  const weightSum = active.reduce((s, d) => s + d.weight, 0);
  const meanFraction = active.reduce((s, d) => s + d.weight * d.fraction, 0) / weightSum;
  const activeTotal =
    Math.round((DEMO_FIGURES.totalInvestmentWan - DEMO_FIGURES.completedInvestmentWan) / (1 - meanFraction) / 10) * 10;
  const operatingTotal = DEMO_FIGURES.totalInvestmentWan - activeTotal;
  apportion(
    activeTotal / 10,
    active.map((d) => d.weight),
  ).forEach((tens, i) => {
    active[i]!.total = tens * 10;
  });
  apportion(
    operatingTotal / 10,
    operating.map((d) => d.weight),
  ).forEach((tens, i) => {
    operating[i]!.total = tens * 10;
    operating[i]!.completed = tens * 10;
  });
  for (const d of active) d.completed = Math.round(d.total * d.fraction);
  let residual = DEMO_FIGURES.completedInvestmentWan - operatingTotal - active.reduce((s, d) => s + d.completed, 0);
  for (const d of [...active]
    .filter((x) => x.stage === "construction" && x.completed > 0)
    .sort((a, b) => b.total - b.completed - (a.total - a.completed))) {
    if (residual === 0) break;
    const delta = residual > 0 ? Math.min(residual, d.total - d.completed) : Math.max(residual, -d.completed + 1);
    d.completed += delta;
    residual -= delta;
  }
  if (residual !== 0) throw new Error(`demo seed cannot place ${residual} 万元 of completed investment`);

  // Key flags beyond the real-estate 36: the largest other active or operating projects.
  const otherKey = ordered.filter((d) => !d.isKey && d.category !== "real_estate" && !d.named).sort((a, b) => b.total - a.total);
  const namedKey = ordered.filter((d) => d.isKey && d.category !== "real_estate").length;
  for (const d of otherKey.slice(0, Math.max(0, OTHER_KEY_PROJECTS - namedKey))) d.isKey = true;

  // 7. Investors.
  const investorIds = new Map<string, number>();
  for (const d of ordered) {
    if (investorIds.has(d.investor)) continue;
    const id = investorIds.size + 1;
    investorIds.set(d.investor, id);
    out.investors.push({
      id,
      name: d.investor,
      contactName: names.person(),
      contactPhone: `1383966${String(1000 + id).slice(-4)}`,
      createdAt,
    });
  }

  // 8. Rows per project.
  const townshipOffice = (d: Draft) => townshipOfficeIds.get(d.township)!;
  let fiveFixedId = 0;
  let milestoneId = 0;
  let replanId = 0;
  let permitId = 0;
  let reportId = 0;
  let problemId = 0;
  let certificateSeq = 0;
  const openProblemPlans: { d: Draft; projectId: number; ownerId: number }[] = [];

  ordered.forEach((d, index) => {
    const projectId = index + 1;
    const realEstate = d.category === "real_estate";
    const signed = d.entered.negotiation!;
    const reached = (s: Stage) => stageIndex(d.stage) >= stageIndex(s);
    const jobsPlanned = realEstate ? 0 : Math.max(20, Math.round(d.total / (d.category === "industrial" ? 40 : 80)));
    const jobsHired =
      d.stage === "operating"
        ? Math.round(jobsPlanned * (0.85 + random.next() * 0.25))
        : d.stage === "hiring"
          ? Math.round(jobsPlanned * random.next() * 0.7)
          : 0;
    const code = `${signed.slice(0, 4)}-411702-${INDUSTRY_CODES[d.industry] ?? "99"}-03-${String(100_000 + projectId * 37).padStart(6, "0")}`;
    out.projects.push({
      id: projectId,
      code,
      name: d.name,
      nameInitials: initials(d.name),
      investorId: investorIds.get(d.investor)!,
      industry: d.industry,
      category: d.category,
      townshipId: d.township,
      isKey: d.isKey,
      signedDate: signed,
      plannedStartDate: d.planned.construction ?? d.entered.construction ?? null,
      plannedCompletionDate: d.planned.hiring ?? d.entered.hiring ?? null,
      actualStartDate: reached("construction") ? d.entered.construction! : null,
      actualCompletionDate: reached("hiring") ? d.entered.hiring! : null,
      totalInvestmentWan: d.total,
      completedInvestmentWan: d.completed,
      jobsPlanned,
      jobsHired,
      stage: d.stage,
      status: d.stage === "operating" ? "operating" : "active",
      version: 1,
      createdAt: at(signed),
      updatedAt: createdAt,
    });

    // Five-fixed: every project has a supervising leader, unit and person in charge; key projects
    // also a target task and deadline (full 五定).
    let leader = random.pick(leaders);
    let unit = random.weighted<number>([
      [townshipOffice(d), 50],
      [random.pick(workingGroupUnitIds), 30],
      [realEstate ? housingBureau : random.pick([...departmentIds.values()]), 20],
    ]);
    let owner = random.pick(unitPeople.get(unit)!);
    if (d.named?.demoLeader) leader = demoLeader;
    if (d.named?.demoOwner) {
      unit = demoOwnerUnit;
      owner = demoOwner;
    }
    let targetTask: string | null = null;
    let deadline: IsoDate | null = null;
    let achievedDate: IsoDate | null = null;
    let targets: Record<string, number> | null = null;
    if (d.isKey) {
      if (d.stage === "operating") {
        achievedDate = d.entered.operating!;
        deadline = addDays(achievedDate, random.int(0, 40));
        targetTask = realEstate ? `${deadline.slice(0, 4)}年底前交付使用` : `${deadline.slice(0, 4)}年底前建成投产`;
      } else {
        deadline =
          d.health === "late"
            ? addDays(today, -random.int(5, 60))
            : d.health === "at_risk"
              ? addDays(today, random.int(1, 14))
              : addDays(today, random.int(30, 300));
        targetTask = targetTaskFor(d.stage, realEstate, deadline);
      }
      targets = { investmentWan: Math.round(d.total * 0.3), ...(realEstate ? {} : { jobs: jobsPlanned }) };
    }
    out.fiveFixedAssignments.push({
      id: ++fiveFixedId,
      projectId,
      leaderId: leader,
      unitId: unit,
      ownerId: owner,
      targetTask,
      targets,
      deadline,
      achievedDate,
      validFrom: at(signed, 60),
      validTo: null,
      reason: null,
      version: 1,
    });

    // Milestones per stage.
    let seq = 0;
    for (const stage of STAGES) {
      const templates = MILESTONE_TEMPLATES[stage](realEstate);
      const from = d.entered[stage] ?? d.planned[stage]!;
      const next = STAGES[stageIndex(stage) + 1];
      const to = next ? (d.entered[next] ?? d.planned[next]!) : addDays(from, 30);
      const span = Math.max(daysBetween(from, to), templates.length);
      templates.forEach((name, i) => {
        seq++;
        const nominal = addDays(from, Math.round(((i + 1) / templates.length) * span) - (stage === "operating" ? 0 : 1));
        let baseline = nominal;
        let planned = nominal;
        let actual: IsoDate | null = null;
        let replanCount = 0;
        if (stageIndex(stage) < stageIndex(d.stage) || d.stage === "operating") {
          actual = minDate(nominal, addDays(today, -1));
          // About seven in ten done by their plan; the rest up to five weeks late.
          baseline = addDays(actual, random.chance(0.7) ? random.int(0, 20) : -random.int(1, 35));
          planned = baseline;
          if (random.chance(0.12)) {
            planned = maxDate(actual, addDays(baseline, random.int(5, 40)));
            replanCount = 1;
          }
        } else if (stage === d.stage) {
          // Current stage: the first milestones done, the next one due according to the project's health.
          const doneCount = Math.floor(((templates.length - 1) * daysBetween(from, today)) / span);
          if (i < doneCount || (stage === "negotiation" && i === 0)) {
            actual = minDate(maxDate(nominal, from), addDays(today, -1));
            baseline = actual;
            planned = actual;
          } else if (i === doneCount) {
            planned =
              d.health === "late"
                ? addDays(today, -random.int(3, 75))
                : d.health === "at_risk"
                  ? addDays(today, random.int(0, 14))
                  : addDays(today, random.int(20, 120));
            baseline = addDays(planned, -random.int(0, 30));
            if (d.health === "at_risk" && random.chance(0.35)) {
              replanCount = 2;
              planned = addDays(today, random.int(20, 60));
            } else if (baseline !== planned) replanCount = 1;
          } else {
            planned = maxDate(nominal, addDays(today, 20 + 30 * (i - doneCount)));
            baseline = planned;
          }
        } else {
          planned = maxDate(nominal, addDays(today, 30 + seq * 20));
          baseline = planned;
        }
        const id = ++milestoneId;
        out.milestones.push({
          id,
          projectId,
          stage,
          seq,
          name,
          baselineDate: baseline,
          plannedDate: planned,
          actualDate: actual,
          status: actual ? "done" : "pending",
          replanCount,
          version: 1,
        });
        for (let r = 0; r < replanCount; r++) {
          out.milestoneReplans.push({
            id: ++replanId,
            milestoneId: id,
            fromDate: r === 0 ? baseline : addDays(baseline, 10),
            toDate: r === replanCount - 1 ? planned : addDays(baseline, 10),
            reason: random.pick(["征地协调滞后", "设计方案调整", "雨季影响施工", "资金到位延迟", "审批材料补正"]),
            byPersonId: owner,
            at: at(minDate(addDays(baseline, -5 + r), addDays(today, -1))),
          });
        }
      });
    }

    // Permits: what the project's category and size require, each in the stage it belongs to.
    const codes = [
      ...CORE_ITEMS,
      ...(CATEGORY_ITEMS[d.category] ?? []),
      d.total >= 20_000 || d.industry === "化工" ? EIA_REPORT : EIA_FORM,
      ...(d.industry === "化工" ? ["YJ-01", "YJ-02"] : []),
    ];
    for (const code of codes) {
      const item = itemsByCode.get(code)!;
      let status: PermitStatus = "not_started";
      let submitted: IsoDate | null = null;
      let decided: IsoDate | null = null;
      let missing: string[] | null = null;
      const itemStage = stageIndex(item.stage);
      const current = stageIndex(d.stage);
      if (itemStage < current || d.stage === "operating") {
        const windowStart = d.entered[item.stage] ?? d.entered[d.stage]!;
        const nextStage = STAGES[itemStage + 1];
        const windowEnd = minDate((nextStage && d.entered[nextStage]) ?? addDays(today, -1), addDays(today, -1));
        submitted = randomWorkingDay(windowStart, Math.max(0, daysBetween(windowStart, windowEnd) - 30));
        const took = random.chance(0.07) ? item.days + random.int(1, 6) : random.int(1, item.days);
        decided = lastWorkingDayOnOrBefore(minDate(workingDays.addWorkingDays(submitted, took), addDays(today, -1)));
        if (decided < submitted) submitted = decided;
        status = "approved";
      } else if (itemStage === current) {
        const roll = random.next();
        const shortLimit = item.days < 15;
        if (roll < 0.4 || (d.health === "on_time" && shortLimit && roll < 0.75)) {
          submitted = randomWorkingDay(d.entered[d.stage]!, Math.max(0, daysBetween(d.entered[d.stage]!, today) - 20));
          decided = lastWorkingDayOnOrBefore(
            minDate(workingDays.addWorkingDays(submitted, random.int(1, item.days)), addDays(today, -1)),
          );
          if (decided < submitted) submitted = decided;
          status = "approved";
        } else if (roll < 0.75) {
          status = random.chance(0.6) ? "in_review" : "submitted";
          if (d.health === "late" && random.chance(0.5)) {
            submitted = lastWorkingDayOnOrBefore(
              workingDays.addWorkingDays(addDays(today, -Math.ceil(item.days * 1.5) - random.int(8, 40)), 0),
            );
          } else if (d.health === "on_time") {
            // Accepted recently enough that the clock has more than 14 days to run.
            const span = Math.max(2, Math.floor((item.days - 12) * 1.2));
            submitted = randomWorkingDay(addDays(today, -span), span);
          } else {
            submitted = lastWorkingDayOnOrBefore(addDays(today, -random.int(0, Math.max(1, Math.floor(item.days * 0.8)))));
          }
          if (submitted < d.entered.negotiation!) submitted = d.entered.negotiation!;
          const due = workingDays.addWorkingDays(submitted, item.days);
          // Keep a project's colour honest: a pending permit must not turn a healthy project red or amber.
          if (d.health !== "late" && due < today) submitted = lastWorkingDayOnOrBefore(today);
          if (d.health === "on_time" && daysBetween(today, workingDays.addWorkingDays(submitted, item.days)) <= 14) {
            status = "not_started";
            submitted = null;
          }
        } else if (roll < 0.85) {
          submitted = lastWorkingDayOnOrBefore(addDays(today, -random.int(3, 40)));
          if (submitted < d.entered.negotiation!) submitted = d.entered.negotiation!;
          decided = lastWorkingDayOnOrBefore(minDate(workingDays.addWorkingDays(submitted, random.int(1, item.days)), today));
          status = "returned";
          missing = random.sample(MISSING_MATERIALS, random.int(1, 3));
        }
      }
      out.permits.push({
        id: ++permitId,
        projectId,
        approvalItemId: item.id,
        status,
        submittedDate: submitted,
        dueDate: submitted ? workingDays.addWorkingDays(submitted, item.days) : null,
        decidedDate: decided,
        certificateNo:
          status === "approved" ? `${code}-${decided!.slice(0, 4)}-${String(++certificateSeq).padStart(5, "0")}` : null,
        missingMaterials: missing,
        version: 1,
      });
    }

    // Monthly progress reports: the completed investment spread over the months of construction.
    const months = monthsOfReports(d);
    if (d.completed > 0 && months.length === 0) throw new Error(`project ${d.name} has investment but no months to report it`);
    if (months.length > 0) {
      const amounts = apportion(
        d.completed,
        months.map(() => 0.5 + random.next()),
      );
      let cumulative = 0;
      const finished = reached("hiring");
      months.forEach((period, i) => {
        cumulative += amounts[i]!;
        const share = d.total === 0 ? 1 : cumulative / d.total;
        const physical = finished && i === months.length - 1 ? 100 : Math.min(99, Math.round(share * 100));
        out.progressReports.push({
          id: ++reportId,
          projectId,
          period,
          investmentWan: amounts[i]!,
          physicalPercent: physical,
          narrative: progressNarrative(realEstate, physical, random),
          reporterId: owner,
          version: 1,
          createdAt: at(addDays(addMonths(period, 1), 4)),
          updatedAt: at(addDays(addMonths(period, 1), 4)),
        });
      });
    }

    if (d.stage !== "operating") openProblemPlans.push({ d, projectId, ownerId: owner });
  });

  // 9. Problems: 378 solved during construction (the article's "370 多件"), and the open ones.
  const problemUnit = (category: ProblemCategory, d: Draft): number => {
    switch (category) {
      case "land":
        return random.chance(0.5) ? townshipOffice(d) : dept("区自然资源局");
      case "permits":
        return random.pick([housingBureau, dept("生态环境分局"), dept("区自然资源局"), dept("区发改委")]);
      case "funding":
        return workingGroupUnitIds[5]!;
      case "utilities":
        return random.chance(0.5) ? dept("区城管局") : workingGroupUnitIds[5]!;
      case "site":
        return random.chance(0.6) ? townshipOffice(d) : workingGroupUnitIds[3]!;
      case "labour":
        return dept("区人社局");
      default:
        return dept("区发改委");
    }
  };
  const categoryWeights: [ProblemCategory, number][] = [
    ["site", 25],
    ["land", 20],
    ["permits", 18],
    ["utilities", 15],
    ["funding", 10],
    ["labour", 7],
    ["other", 5],
  ];
  const eligible = ordered.map((d, i) => ({ d, projectId: i + 1 })).filter(({ d }) => stageIndex(d.stage) >= stageIndex("land"));
  const owners = new Map(out.fiveFixedAssignments.map((f) => [f.projectId, f.ownerId]));
  for (let n = 0; n < DEMO_FIGURES.resolvedProblems; n++) {
    const { d, projectId } = random.pick(eligible);
    const category = random.weighted(categoryWeights);
    const from = d.entered.permits!;
    const to = minDate(d.entered.operating ?? today, addDays(today, -50));
    if (to <= from) {
      n--;
      continue;
    }
    const raised = addDays(from, random.int(0, daysBetween(from, to)));
    const took = random.weighted<[number, number]>([
      [[2, 14], 60],
      [[15, 30], 30],
      [[31, 45], 10],
    ]);
    const resolved = addDays(raised, random.int(took[0], took[1]));
    const verified = random.chance(0.85);
    const level = random.weighted<"unit" | "working_group" | "district">([
      ["unit", 70],
      ["working_group", 22],
      ["district", 8],
    ]);
    out.problems.push({
      id: ++problemId,
      projectId,
      category,
      description: random.pick(PROBLEM_TEXT[category].description),
      raisedByPersonId: owners.get(projectId)!,
      assignedUnitId: problemUnit(category, d),
      escalationLevel: level,
      deadline: addDays(raised, random.pick([15, 20, 30])),
      status: verified ? "verified" : "resolved",
      resolution: random.pick(PROBLEM_TEXT[category].resolution),
      raisedAt: at(raised, random.int(0, 400)),
      resolvedAt: at(resolved, random.int(0, 400)),
      verifiedAt: verified ? at(addDays(resolved, random.int(1, 7)), 500) : null,
      version: 1,
    });
  }
  for (const { d, projectId, ownerId } of openProblemPlans) {
    const wanted = d.health === "late" ? 0.6 : d.health === "at_risk" ? 0.3 : 0.15;
    if (!random.chance(wanted)) continue;
    const category = random.weighted(categoryWeights);
    const deadline =
      d.health === "late"
        ? addDays(today, -random.int(1, 40))
        : d.health === "at_risk"
          ? addDays(today, random.int(0, 14))
          : addDays(today, random.int(16, 45));
    const raised = maxDate(d.entered[d.stage]!, addDays(deadline, -30));
    const status = random.chance(0.5) ? "in_progress" : "open";
    out.problems.push({
      id: ++problemId,
      projectId,
      category,
      description: random.pick(PROBLEM_TEXT[category].description),
      raisedByPersonId: ownerId,
      assignedUnitId: problemUnit(category, d),
      escalationLevel: d.health === "late" && random.chance(0.4) ? "working_group" : "unit",
      deadline,
      status,
      resolution: null,
      raisedAt: at(minDate(raised, today)),
      resolvedAt: null,
      verifiedAt: null,
      version: 1,
    });
  }

  // 10. Demo users, one per role (DESIGN.md §3).
  const demoUsers: [string, Role, number | null, number | null][] = [
    ["admin", "admin", adminPerson, null],
    ["leadership", "leadership", leadershipPerson, null],
    ["leader", "leader", demoLeader, null],
    ["owner", "owner", demoOwner, null],
    ["staff", "unit_staff", demoStaff, null],
    ["investor", "investor", null, investorIds.get(DEMO_INVESTOR)!],
    ["auditor", "auditor", auditorPerson, null],
  ];
  demoUsers.forEach(([username, role, person, investor], i) => {
    out.users.push({ id: i + 1, username, role, personId: person, investorId: investor, createdAt });
  });
  return out;

  // --- helpers that close over `random` and `today` ---

  /** Stage entry dates: actual up to the current stage, planned after it. */
  function buildTimeline(d: Draft): void {
    const current = stageIndex(d.stage);
    const entered: Partial<Record<Stage, IsoDate>> = {};
    const [minDwell, maxDwell] = DWELL_DAYS[d.stage];
    let date = addDays(today, -random.int(minDwell, maxDwell));
    entered[d.stage] = date;
    for (let i = current - 1; i >= 0; i--) {
      const stage = STAGES[i]!;
      const [lo, hi] = STAGE_DAYS[stage];
      date = addDays(date, -random.int(lo, hi));
      entered[stage] = date;
    }
    const planned: Partial<Record<Stage, IsoDate>> = {};
    let next = entered[d.stage]!;
    for (let i = current + 1; i < STAGES.length; i++) {
      const previous = STAGES[i - 1]!;
      const [lo, hi] = STAGE_DAYS[previous];
      next = maxDate(addDays(next, random.int(lo, hi)), addDays(today, 30 * (i - current)));
      planned[STAGES[i]!] = next;
    }
    d.entered = entered;
    d.planned = planned;
  }

  /** Months with a progress report: from the start of construction to completion, or to last month. */
  function monthsOfReports(d: Draft): IsoDate[] {
    const start = d.entered.construction;
    if (!start) return [];
    const end = d.entered.hiring ? monthStart(d.entered.hiring) : addMonths(monthStart(today), -1);
    const months: IsoDate[] = [];
    for (let m = monthStart(start); m <= end; m = addMonths(m, 1)) months.push(m);
    if (d.entered.hiring && months.length === 0) months.push(monthStart(d.entered.hiring));
    return months;
  }

  /**
   * A working day drawn evenly from `span` days after `from` (rejecting weekends and holidays, so no
   * weekday collects their share), before today.
   */
  function randomWorkingDay(from: IsoDate, span: number): IsoDate {
    for (let attempt = 0; attempt < 20; attempt++) {
      const d = addDays(from, random.int(0, span));
      if (d < today && workingDays.isWorkingDay(d)) return d;
    }
    return lastWorkingDayOnOrBefore(minDate(addDays(from, span), addDays(today, -1)));
  }

  /** The last working day on or before `date` (and not after today). */
  function lastWorkingDayOnOrBefore(date: IsoDate): IsoDate {
    let d = minDate(date, today);
    while (!workingDays.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  }
}

function targetTaskFor(stage: Stage, realEstate: boolean, deadline: IsoDate): string {
  const when = `${Number(deadline.slice(0, 4))}年${Number(deadline.slice(5, 7))}月${Number(deadline.slice(8, 10))}日前`;
  switch (stage) {
    case "negotiation":
      return `${when}完成项目备案并签订正式投资合同`;
    case "permits":
      return `${when}办结规划、环评、施工许可等前期手续`;
    case "land":
      return `${when}完成征地拆迁并净地交付`;
    case "construction":
      return realEstate ? `${when}主体封顶` : `${when}主体完工、设备进场`;
    case "hiring":
      return realEstate ? `${when}竣工验收并交付` : `${when}竣工验收、招工到位`;
    default:
      return `${when}建成投产`;
  }
}

function progressNarrative(realEstate: boolean, percent: number, random: Random): string {
  if (percent >= 100) return realEstate ? "项目竣工验收,交付使用。" : "项目竣工,设备调试完成,进入试生产。";
  if (percent < 20) return random.pick(["完成场地平整和基础开挖。", "桩基施工进行中。", "临建设施完成,基础施工进行中。"]);
  if (percent < 60)
    return realEstate
      ? random.pick(["主体结构施工中,已建至标准层。", "地下室完成,主体施工进行中。"])
      : random.pick(["钢结构厂房主体施工中。", "主厂房基础完成,钢构吊装进行中。"]);
  return realEstate
    ? random.pick(["主体封顶,二次结构及外立面施工中。", "室内装修及室外配套施工中。"])
    : random.pick(["厂房主体完工,设备安装进行中。", "附属工程及设备调试进行中。"]);
}
