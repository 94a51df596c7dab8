import { type Database, initials, lockProjects, rowsOf, schema, transaction } from "@tracker/db";
import {
  atLedgerCell,
  describeLedgerProblem,
  type IsoDate,
  type LedgerColumn,
  type LedgerProblem,
  type LedgerRefs,
  type LedgerRow,
  ledgerIdentity,
  parseLedger,
} from "@tracker/domain";
import { asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { type Locale, message } from "../messages";
import { LEDGER_MAX_ROWS, LedgerFileError, type LedgerFileErrorKind, type LedgerSheet, type TemplateValues } from "./ledger-file";
import { LEDGER_READ_LIMITS, type ReadLimits, readLedgerFileIsolated } from "./ledger-read";
import { XLSX_MAX_ENTRIES, XLSX_MAX_INFLATED_BYTES, XLSX_MAX_RATIO } from "./xlsx-zip";

const { projects, investors, townships, units, people, fiveFixedAssignments, auditEvents } = schema;

/** Who runs the import, for the audit log. */
export interface ImportActor {
  userId: number | null;
  role: string | null;
  clientIp: string | null;
  correlationId: string | null;
}

export interface ImportOptions {
  dryRun: boolean;
  locale: Locale;
  today: IsoDate;
  now: Date;
  actor: ImportActor;
  filename: string;
  /** The file already read from these bytes (by `readLedger`), so it is not read twice. */
  sheet?: LedgerSheet;
  /** Bounds on the worker that reads the file; LEDGER_READ_LIMITS by default. */
  readLimits?: ReadLimits;
  /** Called as the work advances: a phase and how far it is, 0..1. */
  onProgress?: (phase: "read" | "check" | "write", fraction: number) => void;
}

export interface ImportProblem {
  row: number;
  column: LedgerColumn | null;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  fiveFixedChanged: number;
  investorsCreated: number;
  /** Headings in the file the ledger does not have: ignored. */
  ignoredHeadings: string[];
  /** The file as a whole cannot be used (unreadable, empty, required columns missing); also in `problems`. */
  fileError: string | null;
  problems: ImportProblem[];
}

/** The HTTP status a file that cannot be used earns: 413 when it is too big or too heavy, else 400. */
export function fileErrorStatus(kind: LedgerFileErrorKind): 400 | 413 {
  return kind === "unreadable" || kind === "empty" || kind === "noHeadings" ? 400 : 413;
}

/** A file-level problem's message, in the user's language. */
export function describeFileError(
  kind: LedgerFileErrorKind | "missingColumns",
  locale: Locale,
  columns = "",
  limits: ReadLimits = LEDGER_READ_LIMITS,
): string {
  const params: Record<string, string | number> = {
    columns,
    maxRows: LEDGER_MAX_ROWS,
    maxMb: XLSX_MAX_INFLATED_BYTES / 1024 / 1024,
    maxRatio: XLSX_MAX_RATIO,
    maxParts: XLSX_MAX_ENTRIES,
    seconds: Math.round(limits.timeoutMs / 1000),
  };
  return message(locale, `file.${kind}`, params);
}

/**
 * Reads a ledger file in a worker (ledger-read.ts) for a caller that must answer before it starts the
 * import (the upload route answers 400/413, the procedure BAD_REQUEST/PAYLOAD_TOO_LARGE): the sheet, or
 * why the file cannot be used, with its status and message.
 */
export async function readLedger(
  bytes: Uint8Array,
  filename: string,
  locale: Locale,
  limits: ReadLimits = LEDGER_READ_LIMITS,
): Promise<{ sheet: LedgerSheet } | { refused: { kind: LedgerFileErrorKind; status: 400 | 413; message: string } }> {
  try {
    return { sheet: await readLedgerFileIsolated(bytes, filename, limits) };
  } catch (error) {
    if (!(error instanceof LedgerFileError)) throw error;
    const text = describeFileError(error.kind, locale, "", limits);
    return { refused: { kind: error.kind, status: fileErrorStatus(error.kind), message: text } };
  }
}

function fileProblem(
  kind: LedgerFileErrorKind | "missingColumns",
  locale: Locale,
  columns = "",
  limits?: ReadLimits,
): ImportProblem {
  return { row: 1, column: null, message: describeFileError(kind, locale, columns, limits) };
}

function applyProblem(
  row: number,
  column: LedgerColumn,
  kind: "codeMismatch" | "totalBelowCompleted",
  locale: Locale,
  params: Record<string, string | number>,
): ImportProblem {
  return { row, column, message: atLedgerCell(locale, row, column, message(locale, `row.${kind}`, params)) };
}

/** The district's names for matching: townships, units (full and short names), leaders, people. */
export async function loadLedgerRefs(db: Database): Promise<LedgerRefs & { values: TemplateValues }> {
  const [townshipRows, unitRows, peopleRows, leaderRows, industryRows] = await Promise.all([
    db.select({ id: townships.id, name: townships.name }).from(townships).orderBy(asc(townships.id)),
    db.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units).orderBy(asc(units.id)),
    db.select({ id: people.id, name: people.name }).from(people).orderBy(asc(people.id)),
    // Supervising leaders: whoever leads or has led a project, and the leader accounts' people.
    rowsOf<{ id: number; name: string }>(
      db,
      sql`
      select distinct p.id, p.name from people p
      where exists (select 1 from five_fixed_assignments f where f.leader_id = p.id)
         or exists (select 1 from users u where u.person_id = p.id and u.role in ('leader', 'leadership'))
      order by p.name`,
    ),
    db.selectDistinct({ name: projects.industry }).from(projects).orderBy(asc(projects.industry)),
  ]);
  const peopleByName = new Map<string, number | null>();
  for (const p of peopleRows) peopleByName.set(p.name, peopleByName.has(p.name) ? null : p.id);
  const unitsByName = new Map<string, number>();
  for (const u of unitRows) {
    unitsByName.set(u.name, u.id);
    if (!unitsByName.has(u.shortName)) unitsByName.set(u.shortName, u.id);
  }
  return {
    townships: new Map(townshipRows.map((t) => [t.name, t.id])),
    units: unitsByName,
    leaders: new Map(leaderRows.map((l) => [l.name, Number(l.id)])),
    people: peopleByName,
    values: {
      townships: townshipRows.map((t) => t.name),
      industries: industryRows.map((r) => r.name),
      leaders: leaderRows.map((l) => l.name),
      units: unitRows.map((u) => u.name),
      people: [...peopleByName.entries()].filter(([, id]) => id !== null).map(([name]) => name),
    },
  };
}

type Project = typeof projects.$inferSelect;
type Assignment = typeof fiveFixedAssignments.$inferSelect;

interface Plan {
  creates: LedgerRow[];
  /** `newInvestor`: the row names a company not yet in the database; it is created first and set. */
  updates: { row: LedgerRow; project: Project; changes: Partial<Project>; newInvestor: boolean }[];
  fiveFixed: { row: LedgerRow; projectId: number | null; current: Assignment | null }[];
  unchanged: number;
  newInvestors: string[];
  problems: ImportProblem[];
}

function statusFor(stage: LedgerRow["stage"], current: Project["status"] | null): Project["status"] {
  if (stage === "operating") return "operating";
  if (current === "suspended" || current === "cancelled") return current;
  return "active";
}

function sameFiveFixed(a: Assignment | null, b: NonNullable<LedgerRow["fiveFixed"]>): boolean {
  return (
    a !== null &&
    a.leaderId === b.leaderId &&
    a.unitId === b.unitId &&
    a.ownerId === b.ownerId &&
    (a.targetTask ?? null) === b.targetTask &&
    (a.deadline ?? null) === b.deadline
  );
}

/** Decides, row by row, what the import would do, against the database as `db` sees it. */
async function plan(db: Database, rows: LedgerRow[], locale: Locale): Promise<Plan> {
  const existing = await db
    .select({ project: projects, investorName: investors.name })
    .from(projects)
    .innerJoin(investors, eq(investors.id, projects.investorId));
  const byCode = new Map(existing.map((e) => [e.project.code, e.project]));
  const byName = new Map(
    existing.map((e) => [ledgerIdentity({ code: null, name: e.project.name, investorName: e.investorName }), e.project]),
  );
  const investorRows = await db.select({ id: investors.id, name: investors.name }).from(investors);
  const investorIds = new Map(investorRows.map((i) => [i.name, i.id]));
  const currentRows = await db.select().from(fiveFixedAssignments).where(isNull(fiveFixedAssignments.validTo));
  const current = new Map(currentRows.map((a) => [a.projectId, a]));

  const result: Plan = { creates: [], updates: [], fiveFixed: [], unchanged: 0, newInvestors: [], problems: [] };
  const claimed = new Map<number, number>();
  const newInvestors = new Set<string>();
  for (const row of rows) {
    const byItsName = byName.get(ledgerIdentity({ code: null, name: row.name, investorName: row.investorName }));
    const project = row.code ? byCode.get(row.code) : byItsName;
    if (row.code && !project && byItsName) {
      result.problems.push(applyProblem(row.row, "项目代码", "codeMismatch", locale, { code: byItsName.code }));
      continue;
    }
    if (project) {
      const other = claimed.get(project.id);
      if (other !== undefined) {
        result.problems.push({
          row: row.row,
          column: "项目名称",
          message: describeLedgerProblem({ row: row.row, column: "项目名称", kind: "duplicateInFile", otherRow: other }, locale),
        });
        continue;
      }
      claimed.set(project.id, row.row);
    }
    const investorId = investorIds.get(row.investorName);
    if (investorId === undefined) newInvestors.add(row.investorName);

    if (!project) {
      result.creates.push(row);
      if (row.fiveFixed) result.fiveFixed.push({ row, projectId: null, current: null });
      continue;
    }
    const wanted: Partial<Project> = {
      name: row.name,
      industry: row.industry,
      category: row.category,
      townshipId: row.townshipId,
      totalInvestmentWan: row.totalInvestmentWan,
      stage: row.stage,
      status: statusFor(row.stage, project.status),
      ...(row.isKey !== null ? { isKey: row.isKey } : {}),
      ...(investorId !== undefined ? { investorId } : {}),
    };
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(([k, v]) => project![k as keyof Project] !== v),
    ) as Partial<Project>;
    if (changes.totalInvestmentWan !== undefined && changes.totalInvestmentWan < project.completedInvestmentWan) {
      result.problems.push(
        applyProblem(row.row, "总投资(万元)", "totalBelowCompleted", locale, { completed: project.completedInvestmentWan }),
      );
      continue;
    }
    const ffChange = row.fiveFixed && !sameFiveFixed(current.get(project.id) ?? null, row.fiveFixed);
    const newInvestor = investorId === undefined;
    const changed = Object.keys(changes).length > 0 || newInvestor;
    if (changed) result.updates.push({ row, project, changes, newInvestor });
    if (ffChange) result.fiveFixed.push({ row, projectId: project.id, current: current.get(project.id) ?? null });
    if (!changed && !ffChange) result.unchanged++;
  }
  result.newInvestors = [...newInvestors];
  return result;
}

/** A code for a project the ledger gives none: YC-<year>-<six digits>, after the highest one in use. */
async function nextCodes(db: Database, year: string, n: number): Promise<string[]> {
  const prefix = `YC-${year}-`;
  const [row] = await db
    .select({ max: sql<string | null>`max(${projects.code})` })
    .from(projects)
    .where(sql`${projects.code} like ${`${prefix}%`}`);
  const start = row?.max ? Number(row.max.slice(prefix.length)) + 1 : 1;
  return Array.from({ length: n }, (_, i) => `${prefix}${String(start + i).padStart(6, "0")}`);
}

const BATCH = 500;

function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports a ledger file: every row checked before anything is written, then all of it in one
 * transaction (new investors, new projects, changed projects, new five-fixed assignments with the old
 * kept as history), each change with its audit event and one event for the import. Importing the same
 * file twice changes nothing the second time. On any problem nothing is written and every problem is
 * reported with its row and column.
 */
export async function importLedger(db: Database, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const { locale } = options;
  const progress = options.onProgress ?? (() => {});
  const empty: ImportResult = {
    ok: false,
    dryRun: options.dryRun,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    fiveFixedChanged: 0,
    investorsCreated: 0,
    ignoredHeadings: [],
    fileError: null,
    problems: [],
  };
  progress("read", 0);
  let sheet: LedgerSheet;
  try {
    sheet = options.sheet ?? (await readLedgerFileIsolated(bytes, options.filename, options.readLimits));
  } catch (error) {
    if (error instanceof LedgerFileError) {
      const problem = fileProblem(error.kind, locale, "", options.readLimits);
      return { ...empty, fileError: problem.message, problems: [problem] };
    }
    throw error;
  }
  progress("read", 1);
  if (sheet.missingColumns.length > 0) {
    const problem = fileProblem("missingColumns", locale, sheet.missingColumns.join(message(locale, "listSeparator")));
    return { ...empty, ignoredHeadings: sheet.unknownHeadings, fileError: problem.message, problems: [problem] };
  }

  const refs = await loadLedgerRefs(db);
  progress("check", 0.2);
  const parsed = parseLedger(sheet.rows, refs);
  const problems: ImportProblem[] = parsed.problems.map((p: LedgerProblem) => ({
    row: p.row,
    column: p.column,
    message: describeLedgerProblem(p, locale),
  }));
  progress("check", 0.6);

  const run = async (tx: Database) => {
    const decided = await plan(tx, parsed.rows, locale);
    problems.push(...decided.problems);
    problems.sort((a, b) => a.row - b.row);
    progress("check", 1);
    const result: ImportResult = {
      ...empty,
      ok: problems.length === 0,
      rows: sheet.rows.length,
      created: decided.creates.length,
      updated: decided.updates.length,
      unchanged: decided.unchanged,
      fiveFixedChanged: decided.fiveFixed.length,
      investorsCreated: decided.newInvestors.length,
      ignoredHeadings: sheet.unknownHeadings,
      problems,
    };
    if (!result.ok || options.dryRun) return result;
    await write(tx, decided, options, result);
    return result;
  };

  if (options.dryRun || problems.length > 0) {
    // Checking only: read what the database holds, write nothing.
    const result = await run(db);
    return problems.length > 0 ? { ...result, ok: false } : result;
  }
  // Retried whole on a deadlock or serialization failure (the plan is made again inside it).
  return transaction(db, run);
}

async function write(tx: Database, decided: Plan, options: ImportOptions, result: ImportResult): Promise<void> {
  const progress = options.onProgress ?? (() => {});
  const { now, actor } = options;
  const auditRow = (
    entity: string,
    entityId: string,
    projectId: number | null,
    action: string,
    before: unknown,
    after: unknown,
  ) => ({
    at: now,
    userId: actor.userId,
    role: actor.role,
    entity,
    entityId,
    projectId,
    action,
    before: before ?? null,
    after: after ?? null,
    clientIp: actor.clientIp,
    correlationId: actor.correlationId,
  });
  const audits: ReturnType<typeof auditRow>[] = [];
  // The lock order: every existing project this import changes, in id order, before any of its rows.
  await lockProjects(tx, [
    ...decided.updates.map((u) => u.project.id),
    ...decided.fiveFixed.flatMap((f) => (f.projectId ? [f.projectId] : [])),
  ]);
  const total = decided.creates.length + decided.updates.length + decided.fiveFixed.length + 1;
  let done = 0;
  const advance = (n: number) => {
    done += n;
    progress("write", Math.min(1, done / total));
  };

  // New investors first: projects refer to them.
  const investorIds = new Map<string, number>();
  for (const batch of chunks(decided.newInvestors)) {
    const created = await tx
      .insert(investors)
      .values(batch.map((name) => ({ name, createdAt: now })))
      .returning({ id: investors.id, name: investors.name });
    for (const i of created) investorIds.set(i.name, i.id);
  }
  for (const i of await tx.select({ id: investors.id, name: investors.name }).from(investors)) {
    if (!investorIds.has(i.name)) investorIds.set(i.name, i.id);
  }

  // New projects, in batches.
  const codes = await nextCodes(tx, options.today.slice(0, 4), decided.creates.filter((r) => !r.code).length);
  let nextCode = 0;
  const createdIds = new Map<number, number>();
  for (const batch of chunks(decided.creates)) {
    const inserted = await tx
      .insert(projects)
      .values(
        batch.map((r) => ({
          code: r.code ?? codes[nextCode++]!,
          name: r.name,
          nameInitials: initials(r.name),
          investorId: investorIds.get(r.investorName)!,
          industry: r.industry,
          category: r.category,
          townshipId: r.townshipId,
          isKey: r.isKey ?? false,
          signedDate: options.today,
          totalInvestmentWan: r.totalInvestmentWan,
          stage: r.stage,
          status: statusFor(r.stage, null),
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning();
    inserted.forEach((p, i) => {
      createdIds.set(batch[i]!.row, p.id);
      audits.push(auditRow("project", String(p.id), p.id, "import_create", null, p));
    });
    advance(batch.length);
  }

  // Changed projects, one statement each (each changes different columns).
  for (const u of decided.updates) {
    const changes = { ...u.changes };
    if (u.newInvestor) changes.investorId = investorIds.get(u.row.investorName)!;
    if (changes.name !== undefined) changes.nameInitials = initials(changes.name);
    const [updated] = await tx
      .update(projects)
      .set({ ...changes, version: sql`${projects.version} + 1`, updatedAt: now })
      .where(eq(projects.id, u.project.id))
      .returning();
    audits.push(auditRow("project", String(u.project.id), u.project.id, "import_update", u.project, updated));
    advance(1);
  }

  // Five-fixed: the current assignment closes (kept as history), the ledger's becomes current.
  const closing = decided.fiveFixed.filter((f) => f.current).map((f) => f.current!.id);
  for (const batch of chunks(closing)) {
    await tx.update(fiveFixedAssignments).set({ validTo: now }).where(inArray(fiveFixedAssignments.id, batch));
  }
  for (const batch of chunks(decided.fiveFixed)) {
    const values = batch.map((f) => {
      const projectId = f.projectId ?? createdIds.get(f.row.row)!;
      return {
        projectId,
        leaderId: f.row.fiveFixed!.leaderId,
        unitId: f.row.fiveFixed!.unitId,
        ownerId: f.row.fiveFixed!.ownerId,
        targetTask: f.row.fiveFixed!.targetTask,
        deadline: f.row.fiveFixed!.deadline,
        validFrom: now,
        reason: message(options.locale, "ledger.importReason"),
        version: (f.current?.version ?? 0) + 1,
      };
    });
    const inserted = await tx.insert(fiveFixedAssignments).values(values).returning();
    inserted.forEach((a, i) => {
      audits.push(
        auditRow("fiveFixed", String(a.projectId), a.projectId, batch[i]!.current ? "reassign" : "assign", batch[i]!.current, a),
      );
    });
    advance(batch.length);
  }

  audits.push(
    auditRow("district", "ledger", null, "import", null, {
      file: options.filename,
      rows: result.rows,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      fiveFixedChanged: result.fiveFixedChanged,
      investorsCreated: result.investorsCreated,
    }),
  );
  for (const batch of chunks(audits)) await tx.insert(auditEvents).values(batch);
  advance(1);
}
