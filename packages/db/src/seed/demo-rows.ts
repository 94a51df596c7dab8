/** The demo district's rows per project: the project, its five-fixed, milestones, permits and monthly reports. */
import {
  addDays,
  addMonths,
  apportion,
  daysBetween,
  type IsoDate,
  type PermitStatus,
  STAGES,
  type Stage,
  stageIndex,
  workingDays,
} from "@tracker/domain";
import { initials } from "../pinyin";
import { CATEGORY_ITEMS, CORE_ITEMS, EIA_FORM, EIA_REPORT } from "./catalog";
import { at, type DemoBuild, type DemoCalendar, type Draft, maxDate, minDate } from "./demo-context";
import type { Organisation } from "./demo-organisation";
import type { Random } from "./random";

const MILESTONE_TEMPLATES: Record<Stage, (realEstate: boolean) => string[]> = {
  negotiation: () => ["签订投资协议", "完成项目备案"],
  permits: () => ["取得用地规划许可", "完成环评审批", "取得工程规划许可"],
  land: () => ["完成土地征收", "完成场地平整并交地"],
  construction: (re) => (re ? ["开工建设", "主体封顶", "外立面及配套完工"] : ["开工建设", "主体完工", "设备安装调试"]),
  hiring: (re) => (re ? ["竣工验收", "交付使用"] : ["竣工验收", "招工到位"]),
  operating: (re) => (re ? ["物业移交运营"] : ["正式投产"]),
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

/** A project still on its way (not operating) and its person in charge: where open problems may arise. */
export interface OpenProblemPlan {
  d: Draft;
  projectId: number;
  ownerId: number;
}

/** One project while its rows are written: the draft, its id and what several of its rows use. */
interface ProjectInBuild {
  d: Draft;
  projectId: number;
  realEstate: boolean;
  /** The signing date: the day the project entered negotiation. */
  signed: IsoDate;
  reached: (stage: Stage) => boolean;
  jobsPlanned: number;
}

/**
 * Step 8: for each project in order, its register row, its five-fixed assignment (full 五定 for key
 * projects), its milestones stage by stage with their re-plans, the permits its category and size
 * require, and its monthly progress reports. Returns the projects that may still have open problems.
 */
export function buildProjectRows(
  b: DemoBuild,
  org: Organisation,
  calendar: DemoCalendar,
  ordered: Draft[],
  investorIds: Map<string, number>,
): OpenProblemPlan[] {
  const openProblemPlans: OpenProblemPlan[] = [];
  const certificates = { issued: 0 };
  ordered.forEach((d, index) => {
    const realEstate = d.category === "real_estate";
    const p: ProjectInBuild = {
      d,
      projectId: index + 1,
      realEstate,
      signed: d.entered.negotiation!,
      reached: (s: Stage) => stageIndex(d.stage) >= stageIndex(s),
      jobsPlanned: realEstate ? 0 : Math.max(20, Math.round(d.total / (d.category === "industrial" ? 40 : 80))),
    };
    addProject(b, p, investorIds);
    const owner = addFiveFixed(b, org, p);
    addMilestones(b, p, owner);
    addPermits(b, org, calendar, p, certificates);
    addReports(b, calendar, p, owner);
    if (d.stage !== "operating") openProblemPlans.push({ d, projectId: p.projectId, ownerId: owner });
  });
  return openProblemPlans;
}

/** The project's register row: dates from its timeline, jobs from its size, its investor's id. */
function addProject(b: DemoBuild, p: ProjectInBuild, investorIds: Map<string, number>): void {
  const { out, random, createdAt } = b;
  const { d, projectId, signed, reached, jobsPlanned } = p;
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
}

/**
 * Five-fixed: every project has a supervising leader, unit and person in charge; key projects also a
 * target task and deadline (full 五定). Returns the person in charge.
 */
function addFiveFixed(b: DemoBuild, org: Organisation, p: ProjectInBuild): number {
  const { out, random, today } = b;
  const { townshipOfficeIds, leaders, workingGroupUnitIds, housingBureau, departmentIds, unitPeople, demoLeader } = org;
  const { demoOwnerUnit, demoOwner } = org;
  const { d, projectId, realEstate, signed, jobsPlanned } = p;
  const townshipOffice = townshipOfficeIds.get(d.township)!;
  let leader = random.pick(leaders);
  let unit = random.weighted<number>([
    [townshipOffice, 50],
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
    id: out.fiveFixedAssignments.length + 1,
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
  return owner;
}

/**
 * Milestones per stage from the templates: done ones with their actual dates (some late, some
 * re-planned), the current stage's next one due by the project's health, later ones planned ahead.
 */
function addMilestones(b: DemoBuild, p: ProjectInBuild, owner: number): void {
  const { out, random, today } = b;
  const { d, projectId, realEstate } = p;
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
      const id = out.milestones.length + 1;
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
          id: out.milestoneReplans.length + 1,
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
}

/** Permits: what the project's category and size require, each in the stage it belongs to. */
function addPermits(
  b: DemoBuild,
  org: Organisation,
  calendar: DemoCalendar,
  p: ProjectInBuild,
  certificates: { issued: number },
): void {
  const { out, random, today } = b;
  const { itemsByCode } = org;
  const { randomWorkingDay, lastWorkingDayOnOrBefore } = calendar;
  const { d, projectId } = p;
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
      id: out.permits.length + 1,
      projectId,
      approvalItemId: item.id,
      status,
      submittedDate: submitted,
      dueDate: submitted ? workingDays.addWorkingDays(submitted, item.days) : null,
      decidedDate: decided,
      certificateNo:
        status === "approved" ? `${code}-${decided!.slice(0, 4)}-${String(++certificates.issued).padStart(5, "0")}` : null,
      missingMaterials: missing,
      version: 1,
    });
  }
}

/** Monthly progress reports: the completed investment spread over the months of construction. */
function addReports(b: DemoBuild, calendar: DemoCalendar, p: ProjectInBuild, owner: number): void {
  const { out, random } = b;
  const { d, projectId, realEstate, reached } = p;
  const months = calendar.monthsOfReports(d);
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
        id: out.progressReports.length + 1,
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
