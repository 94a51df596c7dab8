/**
 * The .xlsx container read defensively. An .xlsx is a zip; a 14.6 MB one can declare a 4 GB sheet (a
 * "zip bomb"), and exceljs inflates whatever it is given. So the central directory is read here first
 * (every entry's declared sizes, their sum, the compression ratio, the entry count) and the file is
 * refused beyond sane bounds; then only the parts the ledger needs are inflated, each with a hard cap on
 * the bytes it may produce (its declared size, and what is left of the total), so a directory that lies
 * is caught while inflating. The parts are handed on re-packed without compression, so what exceljs
 * reads is exactly what was counted.
 *
 * The directory is parsed by hand (it is small and well specified: APPNOTE.TXT §4.3) rather than with
 * jszip or unzipper (both already in node_modules through exceljs): jszip exposes the declared sizes
 * only through private fields and inflates on its own terms, unzipper 0.10 has no types and its
 * streaming parser trusts the local headers, which need not agree with the directory.
 */
import { crc32, inflateRawSync } from "node:zlib";

/** What the whole file may inflate to: a 50,000-row ledger is about 40 MB of XML. */
export const XLSX_MAX_INFLATED_BYTES = 150 * 1024 * 1024;
/** Entries bigger than this inflated must not compress better than XLSX_MAX_RATIO. */
export const XLSX_RATIO_CHECKED_FROM = 1024 * 1024;
/** Ledger XML compresses 5–20:1; a bomb's runs of one byte compress ~1000:1. */
export const XLSX_MAX_RATIO = 100;
/** An .xlsx from Excel has 10–30 parts. */
export const XLSX_MAX_ENTRIES = 1000;

export type ZipRefusal = "unreadable" | "inflatedTooLarge" | "compressionRatio" | "tooManyParts";

export class ZipRefusedError extends Error {
  constructor(
    readonly kind: ZipRefusal,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = "ZipRefusedError";
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/** The central directory's entries, after checking them against the bounds above. Reads nothing inflated. */
export function inspectZip(file: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const unreadable = (detail: string) => new ZipRefusedError("unreadable", detail);
  // The end record is the last 22 bytes, or fewer than 64 KiB of comment before them.
  let eocd = -1;
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable("no zip end record");
  const count = buf.readUInt16LE(eocd + 10);
  const directorySize = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === ZIP64_MARK) throw unreadable("zip64 is not supported");
  if (count > XLSX_MAX_ENTRIES) throw new ZipRefusedError("tooManyParts", `${count} entries`);
  if (directoryOffset + directorySize > eocd) throw unreadable("central directory out of bounds");

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL) throw unreadable(`bad central directory entry ${i}`);
    const nameLength = buf.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
      name: buf.toString("utf8", at + 46, at + 46 + nameLength),
    };
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if ([entry.compressedSize, entry.uncompressedSize, entry.localHeaderOffset].includes(ZIP64_MARK)) {
      throw unreadable("zip64 is not supported");
    }
    total += entry.uncompressedSize;
    if (total > XLSX_MAX_INFLATED_BYTES) {
      throw new ZipRefusedError("inflatedTooLarge", `declares more than ${XLSX_MAX_INFLATED_BYTES} bytes inflated`);
    }
    if (
      entry.uncompressedSize > XLSX_RATIO_CHECKED_FROM &&
      entry.uncompressedSize > XLSX_MAX_RATIO * Math.max(1, entry.compressedSize)
    ) {
      throw new ZipRefusedError(
        "compressionRatio",
        `${entry.name}: ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed`,
      );
    }
    if (entry.localHeaderOffset + 30 + entry.compressedSize > directoryOffset) throw unreadable(`${entry.name} out of bounds`);
    entries.push(entry);
  }
  return entries;
}

/**
 * One entry's bytes, inflated with a hard cap: never more than it declared nor than `budget`. A stream
 * that would give more is stopped there (zlib's maxOutputLength), so a lying directory costs at most
 * the cap, never the 4 GB it hides.
 */
export function inflateEntry(file: Uint8Array, entry: ZipEntry, budget: number): Buffer {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const at = entry.localHeaderOffset;
  if (buf.readUInt32LE(at) !== LOCAL) throw new ZipRefusedError("unreadable", `${entry.name}: no local header`);
  if (entry.flags & 1) throw new ZipRefusedError("unreadable", `${entry.name} is encrypted`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipRefusedError("unreadable", `${entry.name} is truncated`);
  if (entry.uncompressedSize > budget) {
    throw new ZipRefusedError("inflatedTooLarge", `more than ${XLSX_MAX_INFLATED_BYTES} bytes inflated`);
  }
  let out: Buffer;
  if (entry.method === 0) out = Buffer.from(data);
  else if (entry.method === 8) {
    try {
      // One byte over the declared size is enough to know the directory lied.
      out = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ZipRefusedError("inflatedTooLarge", `${entry.name} inflates to more than it declares`);
      }
      throw new ZipRefusedError("unreadable", `${entry.name}: ${(error as Error).message}`);
    }
  } else throw new ZipRefusedError("unreadable", `${entry.name}: compression method ${entry.method}`);
  if (out.length !== entry.uncompressedSize || crc32(out) !== entry.crc) {
    throw new ZipRefusedError("unreadable", `${entry.name}: size or CRC does not match the directory`);
  }
  return out;
}

/**
 * Parts as an uncompressed zip, in the given order: chunks to stream (no copy of the parts). exceljs's
 * streaming reader then sees the workbook, styles and shared strings before the sheet, so it reads the
 * sheet row by row instead of spooling it to a temporary file.
 */
export function storedZip(parts: { name: string; data: Buffer }[]): Buffer[] {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, data);
    directory.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return [...chunks, ...directory, end];
}
