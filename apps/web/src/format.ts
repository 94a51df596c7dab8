import { WAN_PER_YI } from "@tracker/domain";

const yiFormat = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wanFormat = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 1 });

/** 万元 → "263.8" (亿元, one decimal). */
export function formatYi(wan: number): string {
  return yiFormat.format(wan / WAN_PER_YI);
}

/** 万元 → "2,638,000". */
export function formatWan(wan: number): string {
  return wanFormat.format(wan);
}

export function formatShare(part: number, whole: number): string {
  return whole === 0 ? "–" : percentFormat.format(part / whole);
}
