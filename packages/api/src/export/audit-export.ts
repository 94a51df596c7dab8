import { type Database, rowsOf } from "@tracker/db";
import { type Localized, ROLE_LABELS, type Role } from "@tracker/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Locale } from "../messages";

/** One exported event: everything the log holds, the chain's hashes included. */
interface ExportedEvent {
  id: number;
  at: string;
  username: string | null;
  person_name: string | null;
  role: string | null;
  entity: string;
  entity_id: string | null;
  project_id: number | null;
  action: string;
  before: string | null;
  after: string | null;
  client_ip: string | null;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
}

const HEADINGS: { key: keyof ExportedEvent; label: Localized; width: number }[] = [
  { key: "id", label: { "zh-CN": "序号", en: "No." }, width: 8 },
  { key: "at", label: { "zh-CN": "时间（北京时间）", en: "When (Beijing time)" }, width: 26 },
  { key: "username", label: { "zh-CN": "用户名", en: "User name" }, width: 14 },
  { key: "person_name", label: { "zh-CN": "姓名", en: "Name" }, width: 10 },
  { key: "role", label: { "zh-CN": "角色", en: "Role" }, width: 12 },
  { key: "entity", label: { "zh-CN": "对象", en: "Entity" }, width: 14 },
  { key: "entity_id", label: { "zh-CN": "对象编号", en: "Entity id" }, width: 10 },
  { key: "project_id", label: { "zh-CN": "项目编号", en: "Project no." }, width: 10 },
  { key: "action", label: { "zh-CN": "操作", en: "Action" }, width: 14 },
  { key: "before", label: { "zh-CN": "变更前", en: "Before" }, width: 40 },
  { key: "after", label: { "zh-CN": "变更后", en: "After" }, width: 40 },
  { key: "client_ip", label: { "zh-CN": "客户端 IP", en: "Client IP" }, width: 16 },
  { key: "correlation_id", label: { "zh-CN": "关联编号", en: "Correlation id" }, width: 24 },
  { key: "prev_hash", label: { "zh-CN": "前一事件哈希", en: "Previous hash" }, width: 20 },
  { key: "hash", label: { "zh-CN": "哈希（SHA-256）", en: "Hash (SHA-256)" }, width: 20 },
];

/** Rows read per statement: the export never holds the query's whole result twice. */
const BATCH = 5_000;

/** Events at or after `from` and before `to`, by id, one batch at a time. */
async function* eventsBetween(db: Database, from: Date, to: Date): AsyncGenerator<ExportedEvent[]> {
  let afterId = 0;
  for (;;) {
    const rows = await rowsOf<ExportedEvent>(
      db,
      sql`select e.id::float8 as id,
                 to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS.US') as at,
                 u.username, p.name as person_name, e.role, e.entity, e.entity_id, e.project_id, e.action,
                 e.before::text as before, e.after::text as after, e.client_ip, e.correlation_id, e.prev_hash, e.hash
          from audit_events e left join users u on u.id = e.user_id left join people p on p.id = u.person_id
          where e.at >= ${from.toISOString()} and e.at < ${to.toISOString()} and e.id > ${afterId}
          order by e.id limit ${BATCH}`,
    );
    if (rows.length === 0) return;
    yield rows;
    afterId = rows.at(-1)!.id;
    if (rows.length < BATCH) return;
  }
}

function roleLabel(role: string | null, locale: Locale): string | null {
  if (role === null) return null;
  return role in ROLE_LABELS ? ROLE_LABELS[role as Role][locale] : role;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break; a leading = + - @ is defused. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A period of the audit log as a file: `.xlsx` (a bold frozen heading row, an auto-filter) or CSV
 * (UTF-8 with a byte-order mark, so Excel in China opens it as UTF-8). Every column of the log, the
 * hashes included, so the file can be checked against the chain.
 */
export async function auditExportFile(
  db: Database,
  period: { from: Date; to: Date },
  format: "xlsx" | "csv",
  locale: Locale,
  title: string,
): Promise<{ file: Buffer; rows: number }> {
  let rows = 0;
  const cells = (e: ExportedEvent) => HEADINGS.map((h) => (h.key === "role" ? roleLabel(e.role, locale) : e[h.key]));
  if (format === "csv") {
    const lines = [HEADINGS.map((h) => csvField(h.label[locale])).join(",")];
    for await (const batch of eventsBetween(db, period.from, period.to)) {
      for (const e of batch) lines.push(cells(e).map(csvField).join(","));
      rows += batch.length;
    }
    return { file: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8"), rows };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Investment Project Tracker";
  const sheet = workbook.addWorksheet(title, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = HEADINGS.map((h) => ({ header: h.label[locale], key: h.key, width: h.width }));
  sheet.getRow(1).font = { bold: true };
  for await (const batch of eventsBetween(db, period.from, period.to)) {
    for (const e of batch) sheet.addRow(cells(e));
    rows += batch.length;
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADINGS.length } };
  return { file: Buffer.from(await workbook.xlsx.writeBuffer()), rows };
}
