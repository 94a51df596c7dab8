import type { ProjectCategory } from "@tracker/domain";
import type { Random } from "./random";

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文".split(
    "",
  );
const GIVEN = [
  "建国",
  "志强",
  "海燕",
  "丽娟",
  "明",
  "伟",
  "静",
  "磊",
  "洋",
  "勇",
  "军",
  "杰",
  "娜",
  "涛",
  "超",
  "秀英",
  "红梅",
  "卫东",
  "新民",
  "国庆",
  "春生",
  "玉兰",
  "晓东",
  "文斌",
  "振华",
  "建华",
  "立新",
  "红霞",
  "永刚",
  "桂兰",
  "德胜",
  "学军",
  "秀兰",
  "长青",
  "爱民",
  "俊峰",
  "晓燕",
  "云飞",
  "宏伟",
  "丽华",
  "亚楠",
  "鹏",
  "浩",
  "敏",
  "婷",
  "博",
  "宇航",
  "子豪",
  "思远",
];

/** Distinct Chinese personal names. */
export class NameMaker {
  private readonly used = new Set<string>();
  constructor(private readonly random: Random) {}

  person(): string {
    for (;;) {
      const name = this.random.pick(SURNAMES) + this.random.pick(GIVEN);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  reserve(name: string): string {
    this.used.add(name);
    return name;
  }
}

const BRANDS = [
  "天中",
  "豫南",
  "驿都",
  "嵖岈",
  "汝南",
  "恒达",
  "鑫源",
  "宏基",
  "中原",
  "金桂",
  "华泰",
  "瑞丰",
  "永兴",
  "盛世",
  "锦程",
  "正大",
  "新航",
  "博远",
  "昊天",
  "润通",
  "远航",
  "福瑞",
  "康达",
  "华信",
  "鼎盛",
  "通达",
  "安泰",
  "宏图",
  "诚信",
  "东方",
  "亿丰",
  "广源",
  "汇丰",
  "立邦",
  "金穗",
  "绿源",
  "天润",
  "恒泰",
  "兴业",
  "聚能",
  "顺发",
  "佳和",
  "同创",
  "万隆",
  "凯旋",
  "国泰",
  "明珠",
  "蓝天",
];

const PRODUCTS: Record<string, string[]> = {
  装备制造: ["专用车辆", "机械装备", "汽车零部件", "精密铸件", "智能装备", "农机装备"],
  食品加工: ["食品", "面业", "肉制品", "调味品", "饮品", "冷链食品"],
  新材料: ["新型建材", "新材料", "环保材料", "光伏组件", "复合材料", "装配式建筑构件"],
  电力能源: ["风电", "光伏电站", "生物质发电", "储能", "天然气分布式能源"],
  化工: ["精细化工", "涂料", "化工新材料"],
  纺织服装: ["服装", "纺织", "制鞋"],
  电子信息: ["电子", "智能终端", "线缆", "LED照明"],
  生物医药: ["生物制药", "医疗器械", "中药饮片"],
  商贸物流: ["物流园", "冷链物流中心", "电商产业园", "仓储中心"],
  批发零售: ["商贸城", "建材市场", "农贸市场", "购物中心"],
  现代农业: ["现代农业示范园", "生态农场", "花卉苗木基地", "设施蔬菜基地"],
  农产品加工: ["粮油加工", "农产品加工园", "果蔬加工"],
  城市基础设施: ["污水处理厂", "供热管网", "停车场", "供水工程"],
  交通运输: ["客运站", "公交枢纽", "货运站场"],
  文化旅游: ["文化旅游区", "民俗文化园", "研学基地", "酒店"],
  健康养老: ["康养中心", "养老服务中心", "医院"],
  教育培训: ["职业培训学校", "实验学校", "幼儿园"],
};

const ESTATE_SUFFIXES = [
  "华府",
  "御园",
  "名门",
  "壹号院",
  "翡翠城",
  "公园里",
  "天悦",
  "学府",
  "新城",
  "国际社区",
  "湖畔",
  "书香苑",
  "锦苑",
  "澜湾",
  "铂悦",
  "中央公园",
];
const ESTATE_BRANDS = [
  "建业",
  "正商",
  "昌建",
  "鸿运",
  "天中",
  "驿都",
  "置地",
  "恒基",
  "远洋",
  "金桂",
  "鑫苑",
  "盛世",
  "泰宏",
  "凯旋",
  "锦绣",
  "阳光",
];

export class ProjectNameMaker {
  private readonly used = new Set<string>();
  private readonly companies = new Set<string>();
  constructor(private readonly random: Random) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  /** A project name and the company that would be behind it. */
  make(category: ProjectCategory, industry: string): { name: string; investor: string } {
    for (let attempt = 0; ; attempt++) {
      let name: string;
      let investor: string;
      if (category === "real_estate") {
        const brand = this.random.pick(ESTATE_BRANDS);
        name = `${brand}·${this.random.pick(ESTATE_SUFFIXES)}`;
        investor = `驻马店${brand}置业有限公司`;
      } else {
        const brand = this.random.pick(BRANDS);
        const product = this.random.pick(PRODUCTS[industry] ?? ["产业园"]);
        const tail =
          product.endsWith("园") || product.endsWith("中心") || product.endsWith("厂") || product.endsWith("基地") ? "" : "项目";
        name = `${brand}${product}${tail}`;
        investor = `河南${brand}${industry.slice(0, 2)}${this.random.pick(["有限公司", "股份有限公司", "集团有限公司"])}`;
      }
      if (attempt > 3) name = `${name}${this.random.pick(["二期", "三期", "扩建项目"])}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        this.companies.add(investor);
        return { name, investor };
      }
    }
  }
}
