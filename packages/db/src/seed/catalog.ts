import type { Stage } from "@tracker/domain";

/**
 * The fixed reference data of the demo district (驿城区, 驻马店市): townships, the 22 units of the
 * administrative service centre with their 115 approval items, the 7 working groups.
 */

export const TOWNSHIPS: { name: string; kind: "township" | "subdistrict" }[] = [
  { name: "水屯镇", kind: "township" },
  { name: "沙河店镇", kind: "township" },
  { name: "板桥镇", kind: "township" },
  { name: "诸市镇", kind: "township" },
  { name: "蚁蜂镇", kind: "township" },
  { name: "西园街道", kind: "subdistrict" },
  { name: "南海街道", kind: "subdistrict" },
  { name: "东风街道", kind: "subdistrict" },
  { name: "新华街道", kind: "subdistrict" },
  { name: "人民街道", kind: "subdistrict" },
  { name: "雪松街道", kind: "subdistrict" },
  { name: "橡林街道", kind: "subdistrict" },
  { name: "老街街道", kind: "subdistrict" },
  { name: "顺河街道", kind: "subdistrict" },
  { name: "刘阁街道", kind: "subdistrict" },
  { name: "香山街道", kind: "subdistrict" },
];

/** An approval item: [code, name, statutory working days, stage in which a project needs it]. */
type Item = [code: string, name: string, days: number, stage: Stage];

export interface DepartmentSpec {
  name: string;
  shortName: string;
  items: Item[];
}

export const DEPARTMENTS: DepartmentSpec[] = [
  {
    name: "驿城区发展和改革委员会",
    shortName: "区发改委",
    items: [
      ["FGW-01", "企业投资项目备案", 3, "negotiation"],
      ["FGW-02", "企业投资项目核准", 20, "negotiation"],
      ["FGW-03", "固定资产投资项目节能审查", 15, "permits"],
      ["FGW-04", "政府投资项目可行性研究报告审批", 20, "negotiation"],
      ["FGW-05", "政府投资项目初步设计审批", 20, "permits"],
      ["FGW-06", "项目招标方案核准", 7, "permits"],
      ["FGW-07", "重大项目社会稳定风险评估备案", 10, "negotiation"],
    ],
  },
  {
    name: "驿城区自然资源局",
    shortName: "区自然资源局",
    items: [
      ["ZRZY-01", "建设项目用地预审与选址意见书", 20, "negotiation"],
      ["ZRZY-02", "建设用地规划许可证", 20, "permits"],
      ["ZRZY-03", "建设工程规划许可证", 20, "permits"],
      ["ZRZY-04", "国有建设用地使用权出让", 20, "land"],
      ["ZRZY-05", "不动产首次登记", 10, "land"],
      ["ZRZY-06", "临时用地审批", 20, "land"],
      ["ZRZY-07", "土地复垦方案审查", 20, "land"],
      ["ZRZY-08", "建设项目压覆矿产资源审批", 20, "permits"],
      ["ZRZY-09", "建设工程规划条件核实", 15, "hiring"],
      ["ZRZY-10", "乡村建设规划许可证", 20, "permits"],
      ["ZRZY-11", "地名命名核准", 20, "construction"],
    ],
  },
  {
    name: "驿城区住房和城乡建设局",
    shortName: "区住建局",
    items: [
      ["ZJ-01", "建筑工程施工许可证核发", 7, "land"],
      ["ZJ-02", "施工图设计文件审查备案", 5, "permits"],
      ["ZJ-03", "建设工程消防设计审查", 15, "permits"],
      ["ZJ-04", "建设工程消防验收", 15, "hiring"],
      ["ZJ-05", "房屋建筑工程竣工验收备案", 5, "hiring"],
      ["ZJ-06", "商品房预售许可", 10, "construction"],
      ["ZJ-07", "建设工程质量安全监督登记", 5, "land"],
      ["ZJ-08", "房地产开发企业资质核定", 20, "negotiation"],
      ["ZJ-09", "建筑起重机械使用登记", 5, "construction"],
      ["ZJ-10", "建设工程招标投标情况备案", 3, "land"],
      ["ZJ-11", "房屋建筑面积测绘成果审核", 10, "hiring"],
    ],
  },
  {
    name: "驻马店市生态环境局驿城分局",
    shortName: "生态环境分局",
    items: [
      ["HB-01", "建设项目环境影响报告书审批", 60, "permits"],
      ["HB-02", "建设项目环境影响报告表审批", 30, "permits"],
      ["HB-03", "排污许可证核发", 20, "hiring"],
      ["HB-04", "危险废物经营许可", 20, "hiring"],
      ["HB-05", "辐射安全许可证核发", 20, "hiring"],
      ["HB-06", "建设项目竣工环境保护验收备案", 5, "hiring"],
    ],
  },
  {
    name: "驿城区消防救援大队",
    shortName: "区消防大队",
    items: [
      ["XF-01", "公众聚集场所投入使用营业前消防安全检查", 10, "hiring"],
      ["XF-02", "大型活动消防安全检查", 5, "operating"],
      ["XF-03", "消防技术服务机构执业备案", 5, "operating"],
    ],
  },
  {
    name: "驿城区市场监督管理局",
    shortName: "区市场监管局",
    items: [
      ["SCJG-01", "企业设立登记", 3, "negotiation"],
      ["SCJG-02", "特种设备使用登记", 15, "hiring"],
      ["SCJG-03", "食品生产许可", 20, "hiring"],
      ["SCJG-04", "工业产品生产许可", 20, "hiring"],
      ["SCJG-05", "食品经营许可", 20, "hiring"],
      ["SCJG-06", "药品经营许可", 20, "hiring"],
      ["SCJG-07", "计量标准器具核准", 20, "hiring"],
    ],
  },
  {
    name: "驿城区人力资源和社会保障局",
    shortName: "区人社局",
    items: [
      ["RS-01", "劳务派遣经营许可", 20, "hiring"],
      ["RS-02", "特殊工时工作制审批", 20, "hiring"],
      ["RS-03", "人力资源服务许可", 20, "hiring"],
      ["RS-04", "农民工工资保证金存储备案", 5, "land"],
    ],
  },
  {
    name: "驿城区应急管理局",
    shortName: "区应急局",
    items: [
      ["YJ-01", "危险化学品建设项目安全条件审查", 45, "permits"],
      ["YJ-02", "危险化学品建设项目安全设施设计审查", 20, "permits"],
      ["YJ-03", "危险化学品经营许可", 30, "hiring"],
      ["YJ-04", "烟花爆竹经营(零售)许可", 20, "operating"],
      ["YJ-05", "生产安全事故应急预案备案", 5, "hiring"],
    ],
  },
  {
    name: "驿城区水利局",
    shortName: "区水利局",
    items: [
      ["SL-01", "生产建设项目水土保持方案审批", 20, "permits"],
      ["SL-02", "取水许可", 20, "permits"],
      ["SL-03", "河道管理范围内建设项目工程建设方案审批", 20, "permits"],
      ["SL-04", "洪水影响评价审批", 20, "permits"],
      ["SL-05", "占用农业灌溉水源及设施审批", 20, "land"],
    ],
  },
  {
    name: "驿城区交通运输局",
    shortName: "区交通局",
    items: [
      ["JT-01", "公路超限运输许可", 5, "construction"],
      ["JT-02", "占用挖掘公路许可", 20, "land"],
      ["JT-03", "道路货物运输经营许可", 20, "hiring"],
      ["JT-04", "公路建筑控制区内埋设管线审批", 20, "land"],
      ["JT-05", "道路旅客运输站经营许可", 20, "hiring"],
    ],
  },
  {
    name: "驿城区农业农村局",
    shortName: "区农业农村局",
    items: [
      ["NY-01", "设施农业用地备案", 5, "land"],
      ["NY-02", "农作物种子生产经营许可", 20, "hiring"],
      ["NY-03", "动物防疫条件合格证核发", 20, "hiring"],
      ["NY-04", "兽药经营许可", 20, "hiring"],
      ["NY-05", "生猪定点屠宰许可", 20, "hiring"],
    ],
  },
  {
    name: "驿城区商务局",
    shortName: "区商务局",
    items: [
      ["SW-01", "外商投资企业信息报告", 3, "negotiation"],
      ["SW-02", "成品油零售经营资格审批", 20, "hiring"],
      ["SW-03", "单用途商业预付卡备案", 5, "operating"],
      ["SW-04", "对外贸易经营者备案登记", 5, "operating"],
    ],
  },
  {
    name: "驿城区卫生健康委员会",
    shortName: "区卫健委",
    items: [
      ["WJ-01", "建设项目职业病危害预评价审核", 20, "permits"],
      ["WJ-02", "公共场所卫生许可", 20, "hiring"],
      ["WJ-03", "医疗机构设置审批", 30, "permits"],
      ["WJ-04", "放射诊疗许可", 20, "hiring"],
      ["WJ-05", "饮用水供水单位卫生许可", 20, "hiring"],
    ],
  },
  {
    name: "驿城区文化广电和旅游局",
    shortName: "区文广旅局",
    items: [
      ["WL-01", "娱乐场所经营许可", 15, "hiring"],
      ["WL-02", "互联网上网服务营业场所经营许可", 20, "hiring"],
      ["WL-03", "旅行社设立许可", 20, "hiring"],
      ["WL-04", "文物保护单位建设控制地带内建设工程审批", 20, "permits"],
    ],
  },
  {
    name: "驿城区城市管理局",
    shortName: "区城管局",
    items: [
      ["CG-01", "城市道路挖掘许可", 5, "land"],
      ["CG-02", "户外广告设施设置许可", 5, "operating"],
      ["CG-03", "占用城市绿地审批", 20, "land"],
      ["CG-04", "临时占用城市道路审批", 5, "construction"],
      ["CG-05", "城镇污水排入排水管网许可", 20, "hiring"],
      ["CG-06", "燃气经营许可", 20, "hiring"],
      ["CG-07", "城市建筑垃圾处置核准", 20, "construction"],
    ],
  },
  {
    name: "驿城区人民防空办公室",
    shortName: "区人防办",
    items: [
      ["RF-01", "结合民用建筑修建防空地下室审批", 20, "permits"],
      ["RF-02", "人防工程竣工验收备案", 15, "hiring"],
      ["RF-03", "拆除人民防空工程审批", 20, "land"],
      ["RF-04", "防空地下室易地建设审批", 20, "permits"],
    ],
  },
  {
    name: "驿城区气象局",
    shortName: "区气象局",
    items: [
      ["QX-01", "防雷装置设计审核", 10, "permits"],
      ["QX-02", "防雷装置竣工验收", 10, "hiring"],
      ["QX-03", "升放无人驾驶自由气球或系留气球活动审批", 5, "operating"],
    ],
  },
  {
    name: "驻马店市公安局驿城分局",
    shortName: "区公安分局",
    items: [
      ["GA-01", "公章刻制备案", 3, "negotiation"],
      ["GA-02", "保安服务许可", 20, "hiring"],
      ["GA-03", "剧毒化学品购买许可", 3, "operating"],
      ["GA-04", "大型群众性活动安全许可", 7, "operating"],
      ["GA-05", "民用爆炸物品购买许可", 5, "construction"],
    ],
  },
  {
    name: "驿城区教育体育局",
    shortName: "区教体局",
    items: [
      ["JY-01", "民办学校筹设审批", 30, "negotiation"],
      ["JY-02", "民办学校办学许可", 30, "hiring"],
      ["JY-03", "高危险性体育项目经营许可", 20, "hiring"],
    ],
  },
  {
    name: "驿城区民政局",
    shortName: "区民政局",
    items: [
      ["MZ-01", "养老机构备案", 5, "hiring"],
      ["MZ-02", "民办非企业单位登记", 20, "negotiation"],
      ["MZ-03", "经营性公墓审批", 20, "permits"],
    ],
  },
  {
    name: "驿城区林业局",
    shortName: "区林业局",
    items: [
      ["LY-01", "建设项目使用林地审核", 20, "land"],
      ["LY-02", "林木采伐许可证核发", 20, "land"],
      ["LY-03", "临时占用林地审批", 20, "land"],
      ["LY-04", "植物检疫证书核发", 5, "operating"],
    ],
  },
  {
    name: "国家税务总局驻马店市驿城区税务局",
    shortName: "区税务局",
    items: [
      ["SWJ-01", "增值税一般纳税人登记", 1, "hiring"],
      ["SWJ-02", "发票领用核定", 1, "hiring"],
      ["SWJ-03", "契税申报核定", 3, "land"],
      ["SWJ-04", "跨区域涉税事项报告", 1, "construction"],
    ],
  },
];

/** Approval items every building project goes through, by code. */
export const CORE_ITEMS = [
  "SCJG-01",
  "FGW-01",
  "ZRZY-01",
  "ZRZY-02",
  "FGW-03",
  "ZRZY-03",
  "ZJ-02",
  "ZJ-03",
  "QX-01",
  "SL-01",
  "ZRZY-04",
  "ZRZY-05",
  "ZJ-07",
  "ZJ-01",
  "ZJ-04",
  "ZJ-05",
  "QX-02",
  "HB-06",
] as const;

/** Extra items by project category. */
export const CATEGORY_ITEMS: Record<string, readonly string[]> = {
  industrial: ["WJ-01", "HB-03", "SCJG-02", "RS-04"],
  real_estate: ["RF-01", "RF-02", "ZJ-06", "ZJ-08", "ZJ-11"],
  commerce: ["RF-01", "XF-01", "CG-02"],
  agriculture: ["NY-01", "NY-03"],
  infrastructure: ["JT-02", "CG-01", "SL-03"],
  services: ["XF-01", "WJ-02"],
};

/** Environmental review: a report (报告书) for heavy projects, a form (报告表) for the rest. */
export const EIA_REPORT = "HB-01";
export const EIA_FORM = "HB-02";

export const WORKING_GROUPS: { name: string; stages: Stage[] }[] = [
  { name: "项目洽谈立项组", stages: ["negotiation"] },
  { name: "证照办理服务组", stages: ["permits"] },
  { name: "征地拆迁组", stages: ["land"] },
  { name: "施工环境保障组", stages: ["land", "construction"] },
  { name: "建设推进组", stages: ["construction"] },
  { name: "要素保障组", stages: ["permits", "land", "construction"] },
  { name: "招工服务组", stages: ["hiring", "operating"] },
];

export const INDUSTRIES: Record<string, string[]> = {
  industrial: ["装备制造", "食品加工", "新材料", "电力能源", "化工", "纺织服装", "电子信息", "生物医药"],
  real_estate: ["房地产开发"],
  commerce: ["商贸物流", "批发零售"],
  agriculture: ["现代农业", "农产品加工"],
  infrastructure: ["城市基础设施", "交通运输"],
  services: ["文化旅游", "健康养老", "教育培训"],
};
