/** The demo district's 364 projects: which they are, where, how healthy, and their investment. */
import { apportion, daysBetween, type ProjectCategory, STAGES, type Stage } from "@tracker/domain";
import { INDUSTRIES } from "./catalog";
import { DEMO_FIGURES, type DemoBuild, type DemoCalendar, type Draft, type Health, type NamedProject } from "./demo-context";
import type { Organisation } from "./demo-organisation";
import type { ProjectNameMaker } from "./names";

/** How many projects stand in each stage today. */
const STAGE_COUNTS: Record<Stage, number> = {
  negotiation: 60,
  permits: 55,
  land: 40,
  construction: 58,
  hiring: 14,
  operating: 137,
};

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

/**
 * Step 5: the projects — the named ones, the key real-estate ones, then the rest by stage and a
 * weighted category, each with its township — in a shuffled (seeded) order that becomes their ids.
 */
export function draftProjects(b: DemoBuild, org: Organisation, projectNames: ProjectNameMaker): Draft[] {
  const { out, random } = b;
  const { townshipIds } = org;
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
  return ordered;
}

/**
 * Step 6: health, timelines and investment — weights by category, totals apportioned exactly so the
 * district's figures are the article's, completed shares by stage — and the key flags.
 */
export function placeInvestment(b: DemoBuild, calendar: DemoCalendar, ordered: Draft[]): void {
  const { random, today } = b;
  const { buildTimeline, monthsOfReports } = calendar;
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
}

/** Step 7: one investor company per distinct investor name, in project order; name → id. */
export function registerInvestors(b: DemoBuild, ordered: Draft[]): Map<string, number> {
  const { out, names, createdAt } = b;
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
  return investorIds;
}
