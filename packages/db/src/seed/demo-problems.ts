/** The demo district's problems: the 378 solved during construction, and the open ones of late or at-risk projects. */
import { addDays, daysBetween, type ProblemCategory, stageIndex } from "@tracker/domain";
import { at, DEMO_FIGURES, type DemoBuild, type Draft, maxDate, minDate } from "./demo-context";
import type { Organisation } from "./demo-organisation";
import type { OpenProblemPlan } from "./demo-rows";

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

/**
 * Step 9: problems — 378 solved (the article's "370 多件"), raised from the permits stage on and
 * handled within weeks, and open ones where a project is late (most), at risk or on time (fewest),
 * each assigned to the unit its category calls for.
 */
export function raiseProblems(b: DemoBuild, org: Organisation, ordered: Draft[], openProblemPlans: OpenProblemPlan[]): void {
  const { out, random, today } = b;
  const { townshipOfficeIds, dept, housingBureau, workingGroupUnitIds } = org;
  const townshipOffice = (d: Draft) => townshipOfficeIds.get(d.township)!;
  let problemId = 0;
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
}
