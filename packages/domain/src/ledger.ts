import { isIsoDate } from "./dates";
import { interpolate, type Locale, type Localized } from "./locale";
import { STAGE_LABELS, STAGES, type Stage } from "./stages";
import { PROJECT_CATEGORIES, PROJECT_CATEGORY_LABELS, type ProjectCategory } from "./statuses";

/*
 * The project ledger (台账) as districts keep it in Excel: one row per project, Chinese headings.
 * This module is the import's rules, with no I/O: which columns there are, what each accepts, and
 * what a row means once its names are matched against the district's reference data.
 */

/** The ledger's columns in order, as headed in the file and the template. */
export const LEDGER_COLUMNS = [
  "项目代码",
  "项目名称",
  "投资方",
  "行业",
  "项目类别",
  "所属乡镇",
  "总投资(万元)",
  "当前阶段",
  "分包领导",
  "责任单位",
  "项目责任人",
  "目标任务",
  "时间节点",
  "是否重点",
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/** Columns a row must fill. */
export const LEDGER_REQUIRED: readonly LedgerColumn[] = [
  "项目名称",
  "投资方",
  "行业",
  "项目类别",
  "所属乡镇",
  "总投资(万元)",
  "当前阶段",
];

/** The five-fixed trio: all three or none. */
const FIVE_FIXED: readonly LedgerColumn[] = ["分包领导", "责任单位", "项目责任人"];

/** Headings people write for the same column; matched after removing spaces and full-width brackets. */
const HEADER_ALIASES: Record<string, LedgerColumn> = {
  总投资: "总投资(万元)",
  "总投资（万元）": "总投资(万元)",
  乡镇: "所属乡镇",
  所属乡镇街道: "所属乡镇",
  "所属乡镇/街道": "所属乡镇",
  阶段: "当前阶段",
  重点项目: "是否重点",
  责任人: "项目责任人",
};

function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
}

/** The ledger column a heading names, or null. */
export function ledgerColumnOf(heading: string): LedgerColumn | null {
  const h = normaliseHeader(heading);
  const direct = LEDGER_COLUMNS.find((c) => normaliseHeader(c) === h);
  return direct ?? HEADER_ALIASES[h] ?? HEADER_ALIASES[heading.trim()] ?? null;
}

/** A raw cell as a spreadsheet reader gives it. */
export type LedgerCell = string | number | boolean | Date | null | undefined;

/** Names the district already knows, for matching. Keys are names as written in the ledger. */
export interface LedgerRefs {
  townships: ReadonlyMap<string, number>;
  /** By full name and by short name. */
  units: ReadonlyMap<string, number>;
  /** Supervising leaders by name. */
  leaders: ReadonlyMap<string, number>;
  /** Everyone who may be a person in charge, by name; `null` when two people share the name. */
  people: ReadonlyMap<string, number | null>;
}

export interface LedgerRow {
  /** The spreadsheet's row number (the heading is row 1). */
  row: number;
  code: string | null;
  name: string;
  investorName: string;
  industry: string;
  category: ProjectCategory;
  townshipId: number;
  totalInvestmentWan: number;
  stage: Stage;
  fiveFixed: { leaderId: number; unitId: number; ownerId: number; targetTask: string | null; deadline: string | null } | null;
  /** Null when the cell is blank or the column absent: a new project is then not key, an existing one keeps its flag. */
  isKey: boolean | null;
}

export type LedgerProblemKind =
  | "required"
  | "tooLong"
  | "nulCharacter"
  | "unknownCategory"
  | "unknownTownship"
  | "notANumber"
  | "notWhole"
  | "negative"
  | "tooLarge"
  | "unknownStage"
  | "unknownLeader"
  | "unknownUnit"
  | "unknownPerson"
  | "ambiguousPerson"
  | "fiveFixedIncomplete"
  | "notADate"
  | "notYesNo"
  | "duplicateInFile";

export interface LedgerProblem {
  row: number;
  column: LedgerColumn | null;
  kind: LedgerProblemKind;
  /** The offending value as written, when there is one. */
  value?: string;
  /** For duplicates: the row it repeats. */
  otherRow?: number;
}

const MESSAGES: Record<LedgerProblemKind, Localized> = {
  required: { "zh-CN": "必填", en: "is required" },
  tooLong: { "zh-CN": "内容过长", en: "is too long" },
  nulCharacter: { "zh-CN": "含有空字符（U+0000），请删除", en: "holds a NUL character (U+0000); remove it" },
  unknownCategory: { "zh-CN": "「{value}」不是有效的项目类别", en: "“{value}” is not a project category" },
  unknownTownship: { "zh-CN": "没有名为「{value}」的乡镇/街道", en: "no township or subdistrict named “{value}”" },
  notANumber: { "zh-CN": "「{value}」不是数字", en: "“{value}” is not a number" },
  notWhole: { "zh-CN": "须为整数万元", en: "must be whole 万元" },
  negative: { "zh-CN": "不能为负数", en: "cannot be negative" },
  tooLarge: { "zh-CN": "超出上限（1 万亿）", en: "is over the limit (1 万亿)" },
  unknownStage: { "zh-CN": "「{value}」不是有效阶段", en: "“{value}” is not a stage" },
  unknownLeader: { "zh-CN": "「{value}」不在分包领导名单中", en: "“{value}” is not a supervising leader" },
  unknownUnit: { "zh-CN": "没有名为「{value}」的单位", en: "no unit named “{value}”" },
  unknownPerson: { "zh-CN": "人员名单中没有「{value}」", en: "no person named “{value}”" },
  ambiguousPerson: { "zh-CN": "「{value}」有重名，无法确定是哪一位", en: "more than one person is named “{value}”" },
  fiveFixedIncomplete: {
    "zh-CN": "分包领导、责任单位、项目责任人须同时填写或同时留空",
    en: "supervising leader, responsible unit and person in charge go together: all three or none",
  },
  notADate: { "zh-CN": "「{value}」不是日期（应为 2026-12-31）", en: "“{value}” is not a date (expected 2026-12-31)" },
  notYesNo: { "zh-CN": "「{value}」应为“是”或“否”", en: "“{value}” should be 是 or 否" },
  duplicateInFile: { "zh-CN": "与第 {otherRow} 行是同一项目", en: "is the same project as row {otherRow}" },
};

const AT: Localized<{ cell: string; row: string }> = {
  "zh-CN": { cell: "第 {row} 行，「{column}」列：{text}", row: "第 {row} 行：{text}" },
  en: { cell: "row {row}, column {column}: {text}", row: "row {row}: {text}" },
};

/** `row N, column X: text` (or `row N: text`), in the user's language. */
export function atLedgerCell(locale: Locale, row: number, column: string | null, text: string): string {
  return interpolate(column ? AT[locale].cell : AT[locale].row, { row, column: column ?? "", text });
}

/** `row N, column X: problem`, in the user's language. */
export function describeLedgerProblem(p: LedgerProblem, locale: Locale): string {
  const text = interpolate(MESSAGES[p.kind][locale], { value: p.value ?? "", otherRow: p.otherRow ?? "" });
  return atLedgerCell(locale, p.row, p.column, text);
}

/** The values a column accepts, for the template's 有效值 sheet and drop-downs. */
export const STAGE_NAMES_ZH: readonly string[] = STAGES.map((s) => STAGE_LABELS[s]["zh-CN"]);
export const CATEGORY_NAMES_ZH: readonly string[] = PROJECT_CATEGORIES.map((c) => PROJECT_CATEGORY_LABELS[c]["zh-CN"]);
export const YES_NO = ["是", "否"] as const;

function text(cell: LedgerCell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** An Excel date, a `2026-12-31` / `2026/12/31` / `2026年12月31日` text, or null when it is none of them. */
function dateOf(cell: LedgerCell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const t = text(cell);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

const MAX_TEXT: Partial<Record<LedgerColumn, number>> = {
  项目代码: 40,
  项目名称: 100,
  投资方: 100,
  行业: 50,
  目标任务: 500,
};
const MAX_WAN = 100_000_000;
const STAGE_BY_NAME = new Map<string, Stage>(STAGES.map((s) => [STAGE_LABELS[s]["zh-CN"], s]));
const CATEGORY_BY_NAME = new Map<string, ProjectCategory>(
  PROJECT_CATEGORIES.map((c) => [PROJECT_CATEGORY_LABELS[c]["zh-CN"], c]),
);

/**
 * Checks one row and, when it holds, gives it with names matched to ids. Every problem of the row is
 * reported, not only the first, so the user fixes the file in one pass.
 */
export function parseLedgerRow(
  row: number,
  cells: Partial<Record<LedgerColumn, LedgerCell>>,
  refs: LedgerRefs,
): { row: LedgerRow; problems: [] } | { row: null; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = [];
  const get = (c: LedgerColumn) => text(cells[c]);
  const problem = (column: LedgerColumn, kind: LedgerProblemKind, value?: string) =>
    problems.push({ row, column, kind, ...(value !== undefined ? { value } : {}) });

  for (const c of LEDGER_REQUIRED) if (get(c) === "") problem(c, "required");
  for (const [c, max] of Object.entries(MAX_TEXT) as [LedgerColumn, number][]) if (get(c).length > max) problem(c, "tooLong");
  // PostgreSQL cannot store U+0000 (the API's textInput() refuses it in forms the same way).
  for (const c of LEDGER_COLUMNS) if (get(c).includes("\u0000")) problem(c, "nulCharacter");

  const categoryText = get("项目类别");
  const category = CATEGORY_BY_NAME.get(categoryText);
  if (categoryText && !category) problem("项目类别", "unknownCategory", categoryText);

  const townshipText = get("所属乡镇");
  const townshipId = refs.townships.get(townshipText);
  if (townshipText && townshipId === undefined) problem("所属乡镇", "unknownTownship", townshipText);

  const totalCell = cells["总投资(万元)"];
  const totalText = get("总投资(万元)").replace(/[,，\s]/g, "");
  let total: number | undefined;
  if (totalText !== "") {
    const n = typeof totalCell === "number" ? totalCell : Number(totalText);
    if (!Number.isFinite(n)) problem("总投资(万元)", "notANumber", get("总投资(万元)"));
    else if (n < 0) problem("总投资(万元)", "negative");
    else if (!Number.isInteger(n)) problem("总投资(万元)", "notWhole");
    else if (n > MAX_WAN) problem("总投资(万元)", "tooLarge");
    else total = n;
  }

  const stageText = get("当前阶段");
  const stage = STAGE_BY_NAME.get(stageText);
  if (stageText && !stage) problem("当前阶段", "unknownStage", stageText);

  const filled = FIVE_FIXED.filter((c) => get(c) !== "");
  let fiveFixed: LedgerRow["fiveFixed"] = null;
  if (filled.length > 0 && filled.length < FIVE_FIXED.length) {
    problems.push({ row, column: FIVE_FIXED.find((c) => get(c) === "")!, kind: "fiveFixedIncomplete" });
  } else if (filled.length === FIVE_FIXED.length) {
    const leaderId = refs.leaders.get(get("分包领导"));
    if (leaderId === undefined) problem("分包领导", "unknownLeader", get("分包领导"));
    const unitId = refs.units.get(get("责任单位"));
    if (unitId === undefined) problem("责任单位", "unknownUnit", get("责任单位"));
    const ownerId = refs.people.get(get("项目责任人"));
    if (ownerId === undefined) problem("项目责任人", "unknownPerson", get("项目责任人"));
    else if (ownerId === null) problem("项目责任人", "ambiguousPerson", get("项目责任人"));
    const deadlineText = get("时间节点");
    const deadline = deadlineText === "" ? null : dateOf(cells.时间节点);
    if (deadlineText !== "" && deadline === null) problem("时间节点", "notADate", deadlineText);
    if (leaderId !== undefined && unitId !== undefined && typeof ownerId === "number") {
      fiveFixed = { leaderId, unitId, ownerId, targetTask: get("目标任务") || null, deadline };
    }
  }

  const keyText = get("是否重点");
  if (keyText !== "" && !["是", "否", "Y", "N", "y", "n", "TRUE", "FALSE", "true", "false", "1", "0"].includes(keyText)) {
    problem("是否重点", "notYesNo", keyText);
  }

  if (problems.length > 0 || !category || townshipId === undefined || total === undefined || !stage) {
    return { row: null, problems };
  }
  return {
    row: {
      row,
      code: get("项目代码") || null,
      name: get("项目名称"),
      investorName: get("投资方"),
      industry: get("行业"),
      category,
      townshipId,
      totalInvestmentWan: total,
      stage,
      fiveFixed,
      isKey: keyText === "" ? null : ["是", "Y", "y", "TRUE", "true", "1"].includes(keyText),
    },
    problems: [],
  };
}

/** Which project a row is: its code, else its name with its investor. */
export function ledgerIdentity(row: { code: string | null; name: string; investorName: string }): string {
  return row.code ? `code:${row.code}` : `name:${row.name}\u0000${row.investorName}`;
}

/**
 * Every row checked, plus rows that repeat the same project within the file (by code, else by name
 * and investor): the second is reported, since an import must say which of the two it should keep.
 */
export function parseLedger(
  rows: { row: number; cells: Partial<Record<LedgerColumn, LedgerCell>> }[],
  refs: LedgerRefs,
): { rows: LedgerRow[]; problems: LedgerProblem[] } {
  const parsed: LedgerRow[] = [];
  const problems: LedgerProblem[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const result = parseLedgerRow(r.row, r.cells, refs);
    if (!result.row) {
      problems.push(...result.problems);
      continue;
    }
    const identity = ledgerIdentity(result.row);
    const first = seen.get(identity);
    if (first !== undefined) {
      problems.push({
        row: r.row,
        column: result.row.code ? "项目代码" : "项目名称",
        kind: "duplicateInFile",
        otherRow: first,
      });
      continue;
    }
    seen.set(identity, r.row);
    parsed.push(result.row);
  }
  return { rows: parsed, problems };
}
