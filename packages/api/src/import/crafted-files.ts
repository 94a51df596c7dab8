/**
 * Test fixtures: ledger files built byte by byte, honest or hostile (zip bombs, a zip directory that
 * lies, CSV far over the row limit), for the reader's tests here and the upload route's in apps/server.
 * Not used at run time.
 */
import { once } from "node:events";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";
import { LEDGER_COLUMNS } from "@tracker/domain";

/** One zip entry, already deflated; `size` and `crc` are what the directory declares. */
export interface CraftedEntry {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
}

export function deflatedPart(name: string, text: string | Buffer): CraftedEntry {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/**
 * `head`, then `unit` repeated until about `bytes`, then `tail`, deflated as a stream (never held
 * inflated): 200 MB of one repeated row compresses to about 200 KB.
 */
export async function deflatedRun(name: string, head: string, unit: string, bytes: number, tail: string): Promise<CraftedEntry> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor((1024 * 1024) / unit.length))), "utf8");
  let size = 0;
  let crc = 0;
  const write = async (data: Buffer) => {
    size += data.length;
    crc = crc32(data, crc);
    if (!deflate.write(data)) await once(deflate, "drain");
  };
  await write(Buffer.from(head, "utf8"));
  while (size + block.length < bytes) await write(block);
  await write(Buffer.from(tail, "utf8"));
  deflate.end();
  await once(deflate, "end");
  return { name, deflated: Buffer.concat(out), size, crc };
}

/** A zip of the entries, with the sizes and CRCs they declare (true or not). */
export function zipOf(entries: CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = "</sheetData></worksheet>";

/** A sheet row of inline strings, as `<row>` XML. */
export function sheetRow(number: number, values: readonly string[]): string {
  const cells = values.map(
    (v, i) => `<c r="${String.fromCharCode(65 + i)}${number}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`,
  );
  return `<row r="${number}">${cells.join("")}</row>`;
}

/** The smallest .xlsx Excel and exceljs open: a workbook of one sheet, given as its zip entry. */
export function xlsxAround(sheet: CraftedEntry): Buffer {
  return zipOf([
    deflatedPart(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    deflatedPart(
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    deflatedPart(
      "xl/workbook.xml",
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    deflatedPart(
      "xl/_rels/workbook.xml.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    { ...sheet, name: "xl/worksheets/sheet1.xml" },
  ]);
}

/** The ledger's headings, and a project row of valid-looking text under them. */
export const LEDGER_HEADINGS: readonly string[] = LEDGER_COLUMNS;
export function ledgerTexts(i: number, headings: readonly string[] = LEDGER_HEADINGS): string[] {
  return headings.map((c) => (c === "项目名称" ? `项目${i}` : c === "总投资(万元)" ? "100" : `${c}${i % 7}`));
}

/**
 * A zip bomb .xlsx: a sheet of `inflatedBytes` of one repeated row. Honest, its directory declares that
 * size; lying (`declare`), it declares a few kilobytes and still holds them all.
 */
export async function zipBombXlsx(inflatedBytes: number, declare?: number): Promise<Buffer> {
  const row = sheetRow(2, ledgerTexts(1));
  const sheet = await deflatedRun("sheet", SHEET_HEAD + sheetRow(1, LEDGER_HEADINGS), row, inflatedBytes, SHEET_TAIL);
  return xlsxAround(declare === undefined ? sheet : { ...sheet, size: declare });
}

/** A CSV ledger of `rows` data rows under the headings (by default all the ledger's). */
export function csvLedger(rows: number, headings: readonly string[] = LEDGER_HEADINGS): Buffer {
  const lines = [headings.join(",")];
  for (let i = 1; i <= rows; i++) lines.push(ledgerTexts(i, headings).join(","));
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}
