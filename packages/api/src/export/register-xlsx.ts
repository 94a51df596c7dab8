import type { ProjectListItem } from "@tracker/db/queries";
import {
  LIFECYCLE_LABELS,
  type Localized,
  PROJECT_CATEGORY_LABELS,
  type ProjectCategory,
  type RagColour,
  type RegisterColumn,
  STAGE_LABELS,
} from "@tracker/domain";
import ExcelJS from "exceljs";
import { type Locale, message } from "../messages";

const RAG_LABELS: Record<RagColour, Localized> = {
  red: { "zh-CN": "红灯", en: "Red" },
  amber: { "zh-CN": "黄灯", en: "Amber" },
  green: { "zh-CN": "绿灯", en: "Green" },
};

type Cell = string | number | Date | null;

/** How each column is written: its value, its width and its number format. */
const COLUMNS: Record<RegisterColumn, { value: (p: ProjectListItem, locale: Locale) => Cell; width: number; numFmt?: string }> = {
  rag: { value: (p, l) => RAG_LABELS[p.rag][l], width: 8 },
  code: { value: (p) => p.code, width: 26 },
  name: { value: (p) => p.name, width: 30 },
  investor: { value: (p) => p.investorName, width: 30 },
  industry: { value: (p) => p.industry, width: 14 },
  category: { value: (p, l) => PROJECT_CATEGORY_LABELS[p.category as ProjectCategory][l], width: 12 },
  stage: {
    value: (p, l) =>
      p.status === "active" || p.status === "operating" ? STAGE_LABELS[p.stage][l] : LIFECYCLE_LABELS[p.status][l],
    width: 12,
  },
  township: { value: (p) => p.townshipName, width: 14 },
  isKey: { value: (p, l) => message(l, p.isKey ? "yes" : "no"), width: 8 },
  total: { value: (p) => p.totalInvestmentWan, width: 14, numFmt: "#,##0" },
  completed: { value: (p) => p.completedInvestmentWan, width: 14, numFmt: "#,##0" },
  signedDate: { value: (p) => dateCell(p.signedDate), width: 12, numFmt: "yyyy-mm-dd" },
  plannedCompletion: { value: (p) => dateCell(p.plannedCompletionDate), width: 12, numFmt: "yyyy-mm-dd" },
  leader: { value: (p) => p.leaderName, width: 10 },
  unit: { value: (p) => p.unitName, width: 16 },
  owner: { value: (p) => p.ownerName, width: 10 },
  target: { value: (p) => p.targetTask, width: 40 },
  deadline: { value: (p) => dateCell(p.deadline), width: 12, numFmt: "yyyy-mm-dd" },
};

/** A calendar date as an Excel date (UTC midnight, so no time zone shifts the day). */
function dateCell(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

/**
 * The register view as an .xlsx workbook: one sheet, a bold frozen header row with the user's column
 * headings, an auto-filter, numbers and dates as real Excel values, and the sums of the money columns.
 */
export async function registerWorkbook(
  items: ProjectListItem[],
  columns: { key: RegisterColumn; title: string }[],
  locale: Locale,
  sheetName: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Investment Project Tracker";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.title,
    key: c.key,
    width: COLUMNS[c.key].width,
    style: COLUMNS[c.key].numFmt ? { numFmt: COLUMNS[c.key].numFmt } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const p of items) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, COLUMNS[c.key].value(p, locale)])));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  if (items.length > 0) {
    const totals: Record<string, Cell> = {};
    for (const c of columns) {
      if (c.key === "total") totals[c.key] = items.reduce((s, p) => s + p.totalInvestmentWan, 0);
      if (c.key === "completed") totals[c.key] = items.reduce((s, p) => s + p.completedInvestmentWan, 0);
    }
    if (Object.keys(totals).length > 0) {
      totals[columns[0]!.key] ??= message(locale, "export.registerTotal", { count: items.length });
      sheet.addRow(totals).font = { bold: true };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
