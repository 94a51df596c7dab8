import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { type FileHandle, link, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { DatabaseKind } from "@tracker/db";

/*
 * The backup file: gzip-compressed NDJSON, one JSON value per line, written by `dump.ts` and read
 * here. Readable with `zcat file | head`.
 *
 *   {"kind":"header", format, version, createdAt, source, serverVersion, migrations, tables}
 *   {"kind":"table", schema, name, columns, types, rows}      one per table, followed by
 *   ["1","华骏铸造二期",null,…]                                its rows: each value in PostgreSQL's
 *                                                            text form (what COPY writes), or null
 *   {"kind":"sequences", sequences}
 *   {"kind":"end", tables, rows, sha256}                      SHA-256 of every byte before this line
 *
 * Integrity: gzip's CRC-32 and length catch damage to the compressed bytes; the end record's
 * SHA-256 and the row counts catch a file that decompresses but is not what was written; a missing
 * end record is a truncated file. (Six bytes of gzip's header carry no data — a time stamp, a
 * compressor hint, the OS — and no check covers them: damage there changes nothing restored.) The file is written under a temporary name, fsync'd, and only then
 * given its final name, so a crash never leaves a half file that looks like a backup.
 */

export const BACKUP_FORMAT = "tracker-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = ".ndjson.gz";

export interface BackupHeader {
  kind: "header";
  format: typeof BACKUP_FORMAT;
  version: number;
  /** When the snapshot was taken (ISO 8601, UTC). */
  createdAt: string;
  source: DatabaseKind;
  serverVersion: string;
  /** drizzle's migrations table at the time: the schema level the rows belong to. */
  migrations: { hash: string; createdAt: number }[];
  tables: { name: string; rows: number }[];
}

export interface TableSection {
  kind: "table";
  schema: string;
  name: string;
  columns: string[];
  /** The source's column types, for the reader's information; restore casts to the target's. */
  types: string[];
  rows: number;
}

export interface SequenceState {
  schema: string;
  name: string;
  /** bigint as text. */
  lastValue: string;
  isCalled: boolean;
}

export interface SequencesRecord {
  kind: "sequences";
  sequences: SequenceState[];
}

interface EndRecord {
  kind: "end";
  tables: number;
  rows: number;
  sha256: string;
}

/** A file that is not a complete, intact backup. The message says what is wrong with it. */
export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupFileError";
  }
}

// ---------------------------------------------------------------------------------------------------
// 1. Names

const NAME = /^tracker-(\d{4}-\d{2}-\d{2}T\d{6}Z)(-scheduled)?(?:-(\d+))?\.ndjson\.gz$/;

/** `tracker-2026-11-29T031500Z.ndjson.gz`; scheduled backups carry `-scheduled`, a clash `-2`, `-3`, … */
export function backupFileName(at: Date, options: { scheduled?: boolean; attempt?: number } = {}): string {
  const stamp = `${at.toISOString().slice(0, 19).replaceAll(":", "")}Z`;
  const attempt = options.attempt ?? 1;
  return `tracker-${stamp}${options.scheduled ? "-scheduled" : ""}${attempt > 1 ? `-${attempt}` : ""}${BACKUP_EXTENSION}`;
}

export interface ParsedBackupName {
  stamp: string;
  scheduled: boolean;
  attempt: number;
}

export function parseBackupFileName(name: string): ParsedBackupName | null {
  const match = NAME.exec(name);
  if (!match) return null;
  return { stamp: match[1]!, scheduled: match[2] !== undefined, attempt: match[3] ? Number(match[3]) : 1 };
}

/** Oldest first: by time, then by clash number. */
export function compareBackupNames(a: ParsedBackupName, b: ParsedBackupName): number {
  return a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : a.attempt - b.attempt;
}

const PARTIAL = /^\.tracker-.*\.(\d+)\.partial$/;

/** The pid that was writing a temporary backup file, or null when the name is not one. */
export function partialOwner(name: string): number | null {
  const match = PARTIAL.exec(name);
  return match ? Number(match[1]) : null;
}

// ---------------------------------------------------------------------------------------------------
// 2. Writing

/**
 * Writes one backup: lines go through SHA-256 and gzip into a hidden temporary file beside the final
 * one; `commit` seals it with the end record, syncs it to disk and links it under a name that did
 * not exist (never overwriting another backup); `abort` removes the temporary file.
 */
export class BackupWriter {
  private readonly hash = createHash("sha256");
  private readonly gzip = createGzip({ level: 6 });
  private readonly done: Promise<void>;
  private failed: unknown = null;
  private tables = 0;
  private rows = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  private constructor(
    handle: FileHandle,
    private readonly dir: string,
    readonly tempPath: string,
  ) {
    // The stream closes the handle when it finishes (or fails).
    this.done = pipeline(this.gzip, handle.createWriteStream());
    this.done.catch((error: unknown) => {
      this.failed = error;
    });
  }

  static async create(dir: string, at: Date): Promise<BackupWriter> {
    await mkdir(dir, { recursive: true });
    const tempPath = join(dir, `.${backupFileName(at)}.${randomBytes(3).toString("hex")}.${process.pid}.partial`);
    // Owner-only: a backup holds password hashes.
    return new BackupWriter(await open(tempPath, "wx", 0o600), dir, tempPath);
  }

  async line(value: unknown): Promise<void> {
    await this.text(JSON.stringify(value));
  }

  /** One row: its values' text forms, already JSON. */
  async row(values: (string | null)[]): Promise<void> {
    this.rows++;
    await this.text(JSON.stringify(values));
  }

  countTable(): void {
    this.tables++;
  }

  private async text(line: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.pending.push(line, "\n");
    this.pendingLength += line.length + 1;
    if (this.pendingLength >= 256 * 1024) await this.flush();
  }

  /** Hands the buffered lines to gzip in one piece: a write per row would cost more than the rows. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(bytes);
    if (!this.gzip.write(bytes)) {
      // Wait for gzip to drain, or for the pipeline to fail (a full disk) rather than wait forever.
      await Promise.race([
        once(this.gzip, "drain"),
        this.done.then(() => {
          throw new Error("the backup file was closed while writing");
        }),
      ]);
    }
  }

  /**
   * Seals the file and gives it its final name, `name(1)` or on a clash `name(2)`, …; returns that
   * path and the file's size.
   */
  async commit(name: (attempt: number) => string): Promise<{ path: string; bytes: number }> {
    const dir = this.dir;
    await this.flush();
    const end: EndRecord = { kind: "end", tables: this.tables, rows: this.rows, sha256: this.hash.digest("hex") };
    this.gzip.end(`${JSON.stringify(end)}\n`);
    await this.done;
    const written = await open(this.tempPath, "r+");
    try {
      await written.sync();
    } finally {
      await written.close();
    }
    // After the last backup of the same second, never in a gap a deleted one left: names must sort
    // in the order the backups were taken, or pruning would delete the newest.
    const ours = parseBackupFileName(name(1));
    let first = 1;
    for (const existing of await readdir(dir)) {
      const other = parseBackupFileName(existing);
      if (ours && other && other.stamp === ours.stamp && other.scheduled === ours.scheduled)
        first = Math.max(first, other.attempt + 1);
    }
    for (let attempt = first; ; attempt++) {
      const path = join(dir, name(attempt));
      try {
        await link(this.tempPath, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST") continue;
        // A file system without hard links: rename, having checked the name is free.
        if (await exists(path)) continue;
        await rename(this.tempPath, path);
        await syncDir(dir);
        return { path, bytes: (await stat(path)).size };
      }
      await unlink(this.tempPath);
      await syncDir(dir);
      return { path, bytes: (await stat(path)).size };
    }
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => {});
    await unlink(this.tempPath).catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the new directory entry durable; some platforms cannot open a directory, which is fine. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported here (e.g. Windows): the file itself is synced.
  }
}

// ---------------------------------------------------------------------------------------------------
// 3. Reading

export type BackupRecord =
  | { kind: "header"; header: BackupHeader }
  | { kind: "table"; table: TableSection }
  /** A batch of one table's rows, each a JSON array text exactly as stored. */
  | { kind: "rows"; table: TableSection; rows: string[] }
  | SequencesRecord;

export interface BackupSummary {
  path: string;
  bytes: number;
  header: BackupHeader;
  tables: number;
  rows: number;
}

export interface ReadOptions {
  /** Rows per batch (default 2,000) … */
  batchRows?: number;
  /** … or fewer when they pass this many bytes (default 4 MiB). */
  batchBytes?: number;
}

/**
 * Reads a backup, checking everything as it goes, and yields its records; the generator's return
 * value is the summary. Throws BackupFileError on anything but a complete, intact file — the last
 * check (the checksum) happens at the very end, so a consumer that loads while reading must keep its
 * work uncommitted until the generator has returned.
 */
export async function* readBackup(path: string, options: ReadOptions = {}): AsyncGenerator<BackupRecord, BackupSummary> {
  const batchRows = options.batchRows ?? 2_000;
  const batchBytes = options.batchBytes ?? 4 * 1024 * 1024;
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupFileError(code === "ENOENT" ? "there is no such file" : `it cannot be read (${code ?? String(error)})`);
  }
  if (bytes === 0) throw new BackupFileError("the file is empty");

  const hash = createHash("sha256");
  let header: BackupHeader | null = null;
  let section: TableSection | null = null;
  let sectionRows = 0;
  let tablesSeen = 0;
  let totalRows = 0;
  let sequencesSeen = false;
  let end: EndRecord | null = null;
  let batch: string[] = [];
  let batchSize = 0;

  const corrupt = (why: string) => new BackupFileError(`the file is corrupt (${why})`);

  for await (const line of lines(path)) {
    if (end) throw corrupt("data after the end record");
    const text = line.toString("utf8");
    if (text.startsWith("[")) {
      if (!section || sectionRows >= section.rows) throw corrupt("a row outside a table section");
      let values: unknown;
      try {
        values = JSON.parse(text);
      } catch {
        throw corrupt(`an unreadable row in ${section.schema}.${section.name}`);
      }
      if (
        !Array.isArray(values) ||
        values.length !== section.columns.length ||
        !values.every((v) => v === null || typeof v === "string")
      ) {
        throw corrupt(`a malformed row in ${section.schema}.${section.name}`);
      }
      hash.update(line);
      hash.update("\n");
      sectionRows++;
      totalRows++;
      batch.push(text);
      batchSize += text.length;
      if (batch.length >= batchRows || batchSize >= batchBytes || sectionRows === section.rows) {
        yield { kind: "rows", table: section, rows: batch };
        batch = [];
        batchSize = 0;
      }
      continue;
    }

    let record: { kind?: unknown } & Record<string, unknown>;
    try {
      record = JSON.parse(text);
    } catch {
      throw header ? corrupt("an unreadable line") : new BackupFileError("it is not a tracker backup");
    }
    if (record.kind !== "end") {
      hash.update(line);
      hash.update("\n");
    }
    if (!header) {
      if (record.kind !== "header" || record.format !== BACKUP_FORMAT) throw new BackupFileError("it is not a tracker backup");
      if (record.version !== BACKUP_FORMAT_VERSION) {
        throw new BackupFileError(
          `it is format version ${String(record.version)}; this version of the tracker reads version ${BACKUP_FORMAT_VERSION}`,
        );
      }
      header = record as unknown as BackupHeader;
      continue;
    }
    if (section && sectionRows !== section.rows) throw corrupt(`${section.schema}.${section.name} is missing rows`);
    switch (record.kind) {
      case "table": {
        if (sequencesSeen) throw corrupt("a table after the sequences");
        const next = record as unknown as TableSection;
        const expected = header.tables[tablesSeen];
        if (!expected || expected.name !== `${next.schema}.${next.name}` || expected.rows !== next.rows) {
          throw corrupt(`table ${next.schema}.${next.name} does not match the header`);
        }
        section = next;
        sectionRows = 0;
        tablesSeen++;
        yield { kind: "table", table: section };
        if (section.rows === 0) section = null;
        break;
      }
      case "sequences":
        if (sequencesSeen) throw corrupt("two sequence records");
        sequencesSeen = true;
        section = null;
        yield record as unknown as SequencesRecord;
        break;
      case "end":
        end = record as unknown as EndRecord;
        break;
      default:
        throw corrupt(`an unknown record "${String(record.kind)}"`);
    }
  }

  if (!header) throw new BackupFileError("it is not a tracker backup");
  if (!end) throw new BackupFileError("the file is truncated (it has no end record)");
  if (end.sha256 !== hash.digest("hex")) throw corrupt("checksum mismatch");
  if (tablesSeen !== header.tables.length || end.tables !== tablesSeen || end.rows !== totalRows || !sequencesSeen) {
    throw corrupt("table or row counts do not match");
  }
  return { path, bytes, header, tables: tablesSeen, rows: totalRows };
}

/** Reads the whole file without doing anything with it: a complete, intact backup, or BackupFileError. */
export async function verifyBackupFile(path: string): Promise<BackupSummary> {
  const reader = readBackup(path);
  for (;;) {
    const next = await reader.next();
    if (next.done) return next.value;
  }
}

/** The decompressed file, line by line (without the newline); gzip errors become BackupFileError. */
async function* lines(path: string): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const source = createReadStream(path);
  const piping = pipeline(source, gunzip).catch(() => {
    // The same error surfaces from iterating gunzip below.
  });
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let newline = data.indexOf(0x0a);
      while (newline !== -1) {
        yield data.subarray(0, newline);
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      rest = data;
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR") throw new BackupFileError("the file is truncated");
    if (code === "Z_DATA_ERROR") throw new BackupFileError(`the file is corrupt (${(error as Error).message})`);
    throw new BackupFileError(`it cannot be read (${code ?? (error as Error).message})`);
  } finally {
    source.destroy();
    gunzip.destroy();
    await piping;
  }
  if (rest.length > 0) throw new BackupFileError("the file is truncated (its last line is incomplete)");
}
