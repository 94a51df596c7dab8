import { type Localized, NUL_MESSAGE } from "@tracker/domain";
import { z } from "zod";
import type { Locale } from "./messages";

type Issue = z.core.$ZodIssue;

const zodEnglish = z.locales.en().localeError;
const zodChinese = z.locales.zhCN().localeError;

/** The schemas' own messages (written in English in @tracker/domain), in Chinese. */
const CUSTOM_ZH: Record<string, string> = {
  "date must be YYYY-MM-DD": "日期格式应为 YYYY-MM-DD",
  "month must be YYYY-MM": "月份格式应为 YYYY-MM",
  "month out of range": "月份超出范围",
  "letters, digits, _ . - only": "只能包含字母、数字和 _ . -",
  "code must look like 2026-411702-35-03-000123": "项目代码格式应为 2026-411702-35-03-000123",
  "planned completion must not be before planned start": "计划竣工日期不能早于计划开工日期",
  [NUL_MESSAGE]: "不能包含空字符（U+0000）",
};

function zodDefault(map: typeof zodEnglish, issue: Issue): string {
  const r = map(issue as never);
  return typeof r === "string" ? r : (r?.message ?? issue.message);
}

/** Plain Chinese for the common cases; zod's own zh-CN wording for the rest. */
function chinese(issue: Issue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "不能为空" : `至少 ${issue.minimum} 个字符`;
      if (issue.origin === "array") return `至少 ${issue.minimum} 项`;
      return issue.inclusive === false ? `必须大于 ${issue.minimum}` : `不能小于 ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `最多 ${issue.maximum} 个字符`;
      if (issue.origin === "array") return `最多 ${issue.maximum} 项`;
      return issue.inclusive === false ? `必须小于 ${issue.maximum}` : `不能大于 ${issue.maximum}`;
    case "invalid_type":
      return issue.input === undefined ? "必填" : "类型不正确";
    case "invalid_value":
      return "不是允许的取值";
    case "invalid_union":
      return "取值无效";
    default:
      return zodDefault(zodChinese, issue);
  }
}

/** One message per field path ("" for the input as a whole), in the user's language. */
export function fieldErrors(error: z.ZodError, locale: Locale): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const custom = issue.message !== zodDefault(zodEnglish, issue);
    // English is the schemas' (and zod's) own wording; Chinese is ours.
    const text: Localized<() => string> = {
      "zh-CN": () => (custom ? (CUSTOM_ZH[issue.message] ?? issue.message) : chinese(issue)),
      en: () => issue.message,
    };
    const key = issue.path.join(".");
    out[key] = [...(out[key] ?? []), text[locale]()];
  }
  return out;
}
