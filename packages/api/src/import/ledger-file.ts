import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { parse as parseCsv } from "@fast-csv/parse";
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
import { inflateEntry, inspectZip, storedZip, XLSX_MAX_INFLATED_BYTES, type ZipRefusal, ZipRefusedError } from "./xlsx-zip";

/** A ledger file read into rows of cells under the ledger's columns. */
export interface LedgerSheet {
  rows: { row: number; cells: Partial<Record<LedgerColumn, LedgerCell>> }[];
  /** Headings the file has that the ledger does not know (ignored, reported). */
  unknownHeadings: string[];
  /** Required columns the heading row lacks. */
  missingColumns: LedgerColumn[];
}

/** Why a file cannot be used as a ledger at all; each has a message in ledger-import.ts. */
export type LedgerFileErrorKind = "unreadable" | "empty" | "noHeadings" | "tooManyRows" | "outOfMemory" | "timeout" | ZipRefusal;

export class LedgerFileError extends Error {
  constructor(
    readonly kind: LedgerFileErrorKind,
    readonly detail = "",
    /** Data rows read before giving up: at most LEDGER_MAX_ROWS + 1, however long the file. */
    readonly rowsRead = 0,
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

/** One row of a sheet as it streams past: its number, its non-empty cells by column (1-based). */
interface SheetRow {
  number: number;
  cells: Map<number, LedgerCell>;
}

/**
 * The rows of an .xlsx's first sheet, one at a time. The container is checked and inflated under the
 * bounds of xlsx-zip.ts; only the parts the ledger needs are inflated (workbook, its relationships,
 * styles for dates, shared strings, the first sheet).
 */
async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const entries = new Map(inspectZip(bytes).map((e) => [e.name, e]));
  let budget = XLSX_MAX_INFLATED_BYTES;
  const part = (name: string): Buffer | null => {
    const entry = entries.get(name);
    if (!entry) return null;
    const data = inflateEntry(bytes, entry, budget);
    budget -= data.length;
    return data;
  };
  const workbookXml = part("xl/workbook.xml");
  const relsXml = part("xl/_rels/workbook.xml.rels");
  if (!workbookXml || !relsXml) throw new LedgerFileError("unreadable", "no xl/workbook.xml");
  const sheetPath = firstSheetPath(workbookXml.toString("utf8"), relsXml.toString("utf8"));
  const sheetXml = sheetPath ? part(sheetPath) : null;
  if (!sheetXml) throw new LedgerFileError("empty");
  const parts = [
    { name: "xl/_rels/workbook.xml.rels", data: relsXml },
    { name: "xl/workbook.xml", data: workbookXml },
    { name: "xl/styles.xml", data: part("xl/styles.xml") },
    // exceljs streams a sheet only once it has shared strings; a workbook of inline strings has none.
    { name: "xl/sharedStrings.xml", data: part("xl/sharedStrings.xml") ?? Buffer.from("<sst/>") },
    { name: "xl/worksheets/sheet1.xml", data: sheetXml },
  ].filter((p): p is { name: string; data: Buffer } => p.data !== null);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(inPieces(storedZip(parts))), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const cells = new Map<number, LedgerCell>();
      row.eachCell((cell, col) => {
        const value = cellValue(cell.value);
        if (value !== null) cells.set(col, value);
      });
      yield { number: row.number, cells };
    }
    return;
  }
}

/** Chunks of at most 64 KiB (views, not copies): unzipper copies its buffer on every read of a big chunk. */
function* inPieces(chunks: Buffer[]): Generator<Buffer> {
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += 64 * 1024) yield chunk.subarray(at, at + 64 * 1024);
  }
}

/** The first sheet's part, by workbook.xml's first <sheet> and its relationship's target. */
function firstSheetPath(workbookXml: string, relsXml: string): string | null {
  const sheet = /<(?:\w+:)?sheet\b([^>]*)>/.exec(workbookXml)?.[1] ?? "";
  const rId = /\b(?:\w+:)?id="([^"]+)"/.exec(sheet)?.[1];
  if (!rId) return null;
  for (const [, attributes = ""] of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    if (/\bId="([^"]+)"/.exec(attributes)?.[1] !== rId) continue;
    const target = /\bTarget="([^"]+)"/.exec(attributes)?.[1];
    if (!target) return null;
    return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  }
  return null;
}

/**
 * CSV as Excel in China saves it is often GB18030, not UTF-8: read as UTF-8 when that is valid, else as
 * GB18030; drop a byte-order mark. Decoded and parsed a piece at a time, so a long file costs no more
 * memory than the rows kept.
 */
async function* csvRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const encoding = isUtf8(bytes) ? "utf-8" : "gb18030";
  function* pieces() {
    const decoder = new TextDecoder(encoding);
    for (let at = 0; at < bytes.length; at += 64 * 1024) {
      const text = decoder.decode(bytes.subarray(at, at + 64 * 1024), { stream: true });
      yield at === 0 ? text.replace(/^\uFEFF/, "") : text;
    }
    yield decoder.decode();
  }
  const source = Readable.from(pieces());
  // Values stay text: a code like 2026-411702-36-03-000123 must not become a date.
  const parser = parseCsv({ trim: true });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let number = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number++;
      const cells = new Map<number, LedgerCell>();
      record.forEach((value, i) => {
        cells.set(i + 1, value);
      });
      yield { number, cells };
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/**
 * Reads the first sheet of an .xlsx, or a .csv, into ledger rows, streaming: it stops at the first row
 * past LEDGER_MAX_ROWS rather than reading the rest. Blank rows are skipped. Runs on the calling
 * thread; the import runs it in a worker (`readLedgerFileIsolated`).
 */
export async function readLedgerFile(bytes: Uint8Array, filename: string): Promise<LedgerSheet> {
  const rows: LedgerSheet["rows"] = [];
  const columns = new Map<number, LedgerColumn>();
  const unknownHeadings: string[] = [];
  let seenAny = false;
  try {
    for await (const row of /\.csv$/i.test(filename) ? csvRows(bytes) : xlsxRows(bytes)) {
      if (!seenAny) {
        seenAny = true;
        if (row.number !== 1) break;
        for (const [col, value] of row.cells) {
          const heading = String(value ?? "").trim();
          if (!heading) continue;
          const column = ledgerColumnOf(heading);
          if (column && ![...columns.values()].includes(column)) columns.set(col, column);
          else unknownHeadings.push(heading);
        }
        if (columns.size === 0) break;
        continue;
      }
      const cells: Partial<Record<LedgerColumn, LedgerCell>> = {};
      let any = false;
      for (const [col, column] of columns) {
        const value = row.cells.get(col) ?? null;
        if (value !== null && String(value).trim() !== "") any = true;
        cells[column] = value;
      }
      if (!any) continue;
      rows.push({ row: row.number, cells });
      if (rows.length > LEDGER_MAX_ROWS) {
        throw new LedgerFileError("tooManyRows", `more than ${LEDGER_MAX_ROWS} rows`, rows.length);
      }
    }
  } catch (error) {
    if (error instanceof LedgerFileError) throw error;
    if (error instanceof ZipRefusedError) throw new LedgerFileError(error.kind, error.detail);
    throw new LedgerFileError("unreadable", error instanceof Error ? error.message : String(error));
  }
  if (!seenAny) throw new LedgerFileError("empty");
  if (columns.size === 0) throw new LedgerFileError("noHeadings");
  const present = new Set(columns.values());
  const missingColumns = LEDGER_REQUIRED.filter((c) => !present.has(c));
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
