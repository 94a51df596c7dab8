import { Readable } from "node:stream";
import {
  CATEGORY_NAMES_ZH,
  LEDGER_COLUMNS,
  LEDGER_REQUIRED,
  type LedgerCell,
  type LedgerColumn,
  ledgerColumnOf,
  STAGE_NAMES_ZH,
  YES_NO,
} from "@tracker/domain";
import ExcelJS from "exceljs";

/** A ledger file read into rows of cells under the ledger's columns. */
export interface LedgerSheet {
  rows: { row: number; cells: Partial<Record<LedgerColumn, LedgerCell>> }[];
  /** Headings the file has that the ledger does not know (ignored, reported). */
  unknownHeadings: string[];
  /** Required columns the heading row lacks. */
  missingColumns: LedgerColumn[];
}

export class LedgerFileError extends Error {
  constructor(
    readonly kind: "unreadable" | "empty" | "noHeadings",
    detail?: string,
  ) {
    super(`${kind}${detail ? `: ${detail}` : ""}`);
    this.name = "LedgerFileError";
  }
}

/** The most rows one file may hold; a district's ledger has hundreds, the issue's test file 10,000. */
export const LEDGER_MAX_ROWS = 50_000;

/** A cell's value as the ledger reads it: rich text joined, formulas by their result, hyperlinks by text. */
function cellValue(value: ExcelJS.CellValue): LedgerCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== "object") return value as LedgerCell;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return null;
}

/**
 * CSV as Excel in China saves it is often GB18030, not UTF-8: decode as UTF-8 when that is valid, else
 * as GB18030; drop a byte-order mark.
 */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

/** Reads the first sheet of an .xlsx, or a .csv, into ledger rows. Blank rows are skipped. */
export async function readLedgerFile(bytes: Uint8Array, filename: string): Promise<LedgerSheet> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (/\.csv$/i.test(filename)) {
      sheet = await workbook.csv.read(Readable.from([decodeCsv(bytes)]), {
        parserOptions: { trim: true },
        // Keep text as text: a code like 2026-411702-36-03-000123 must not become a date.
        map: (value: string) => value,
      });
    } else {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    }
  } catch (error) {
    throw new LedgerFileError("unreadable", error instanceof Error ? error.message : String(error));
  }
  if (!sheet || sheet.rowCount === 0) throw new LedgerFileError("empty");

  const headingRow = sheet.getRow(1);
  const columns = new Map<number, LedgerColumn>();
  const unknownHeadings: string[] = [];
  headingRow.eachCell((cell, col) => {
    const heading = String(cellValue(cell.value) ?? "").trim();
    if (!heading) return;
    const column = ledgerColumnOf(heading);
    if (column && ![...columns.values()].includes(column)) columns.set(col, column);
    else unknownHeadings.push(heading);
  });
  if (columns.size === 0) throw new LedgerFileError("noHeadings");
  const present = new Set(columns.values());
  const missingColumns = LEDGER_REQUIRED.filter((c) => !present.has(c));

  const rows: LedgerSheet["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Partial<Record<LedgerColumn, LedgerCell>> = {};
    let any = false;
    for (const [col, column] of columns) {
      const value = cellValue(row.getCell(col).value);
      if (value !== null && String(value).trim() !== "") any = true;
      cells[column] = value;
    }
    if (any) rows.push({ row: rowNumber, cells });
  });
  if (rows.length > LEDGER_MAX_ROWS) throw new LedgerFileError("unreadable", `more than ${LEDGER_MAX_ROWS} rows`);
  return { rows, unknownHeadings, missingColumns };
}

/** The lists a template offers as drop-downs, from the database. */
export interface TemplateValues {
  townships: string[];
  industries: string[];
  leaders: string[];
  units: string[];
  people: string[];
}

/** The template's 有效值 sheet: one column per list, headed like the ledger's column it serves. */
const VALID_COLUMNS: { heading: LedgerColumn; values: (v: TemplateValues) => readonly string[] }[] = [
  { heading: "所属乡镇", values: (v) => v.townships },
  { heading: "当前阶段", values: () => STAGE_NAMES_ZH },
  { heading: "项目类别", values: () => CATEGORY_NAMES_ZH },
  { heading: "行业", values: (v) => v.industries },
  { heading: "分包领导", values: (v) => v.leaders },
  { heading: "责任单位", values: (v) => v.units },
  { heading: "项目责任人", values: (v) => v.people },
  { heading: "是否重点", values: () => YES_NO },
];

/** Rows of the ledger sheet that get drop-downs: enough for any district's ledger. */
export const TEMPLATE_ROWS = 10_001;

const EXAMPLE: Record<LedgerColumn, (v: TemplateValues) => string | number | Date> = {
  项目代码: () => "",
  项目名称: () => "（示例）某某新材料产业园项目",
  投资方: () => "某某新材料有限公司",
  行业: (v) => v.industries[0] ?? "装备制造",
  项目类别: () => "工业",
  所属乡镇: (v) => v.townships[0] ?? "",
  "总投资(万元)": () => 50000,
  当前阶段: () => "洽谈立项",
  分包领导: (v) => v.leaders[0] ?? "",
  责任单位: (v) => v.units[0] ?? "",
  项目责任人: (v) => v.people[0] ?? "",
  目标任务: () => "年内完成签约并开工",
  时间节点: () => new Date("2026-12-31T00:00:00Z"),
  是否重点: () => "否",
};

function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * The import template: the ledger sheet with its heading row and one example row, and a 有效值 sheet
 * with one column per list of valid values, which the ledger sheet's cells offer as drop-downs.
 */
export async function ledgerTemplate(values: TemplateValues): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Investment Project Tracker";
  const ledger = workbook.addWorksheet("项目台账", { views: [{ state: "frozen", ySplit: 1 }] });
  const valid = workbook.addWorksheet("有效值");

  ledger.columns = LEDGER_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === "项目名称" || c === "投资方" || c === "目标任务" ? 28 : c === "项目代码" ? 26 : 14,
  }));
  ledger.getRow(1).font = { bold: true };
  ledger.addRow(Object.fromEntries(LEDGER_COLUMNS.map((c) => [c, EXAMPLE[c](values)])));
  ledger.getColumn("总投资(万元)").numFmt = "#,##0";
  ledger.getColumn("项目代码").numFmt = "@";
  ledger.getColumn("时间节点").numFmt = "yyyy-mm-dd";

  valid.columns = VALID_COLUMNS.map((c) => ({ header: c.heading, key: c.heading, width: 22 }));
  valid.getRow(1).font = { bold: true };
  const validations = (ledger as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  VALID_COLUMNS.forEach((c, i) => {
    const list = c.values(values);
    const letter = columnLetter(i + 1);
    list.forEach((value, r) => {
      valid.getCell(`${letter}${r + 2}`).value = value;
    });
    if (list.length === 0) return;
    const target = columnLetter(LEDGER_COLUMNS.indexOf(c.heading) + 1);
    validations.add(`${target}2:${target}${TEMPLATE_ROWS}`, {
      type: "list",
      // 行业 is open: a new industry is allowed, the list only suggests.
      allowBlank: true,
      showErrorMessage: c.heading !== "行业",
      errorStyle: "stop",
      errorTitle: "无效的值",
      error: `请从「有效值」表的「${c.heading}」列中选择`,
      formulae: [`'有效值'!$${letter}$2:$${letter}$${list.length + 1}`],
    });
  });
  const deadline = columnLetter(LEDGER_COLUMNS.indexOf("时间节点") + 1);
  validations.add(`${deadline}2:${deadline}${TEMPLATE_ROWS}`, {
    type: "date",
    operator: "greaterThan",
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: "无效的日期",
    error: "请填写日期，例如 2026-12-31",
    formulae: [new Date("2000-01-01T00:00:00Z")],
  });
  const total = columnLetter(LEDGER_COLUMNS.indexOf("总投资(万元)") + 1);
  validations.add(`${total}2:${total}${TEMPLATE_ROWS}`, {
    type: "whole",
    operator: "between",
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: "无效的金额",
    error: "总投资为不小于 0 的整数（万元）",
    formulae: [0, 100_000_000],
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
