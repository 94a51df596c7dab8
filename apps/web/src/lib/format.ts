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

const beijingMinute = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
const beijingSecond = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A moment in Beijing time, as the district reads it (2026/12/03 10:14, or with seconds). */
export function formatBeijingTime(at: Date | string, options: { seconds?: boolean } = {}): string {
  return (options.seconds ? beijingSecond : beijingMinute).format(new Date(at));
}
