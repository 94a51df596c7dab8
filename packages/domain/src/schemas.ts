import { z } from "zod";
import { isIsoDate } from "./dates";
import { RAG_COLOURS } from "./rag";
import { ROLES } from "./roles";
import { LIFECYCLE_STATUSES, STAGES } from "./stages";
import { PROBLEM_CATEGORIES, PROJECT_CATEGORIES } from "./statuses";

/** zod schemas shared by the API and the dashboard, so both validate the same way. */

/*
 * Before any schema is built: zod 4 compiles object parsers with `new Function` where it may, and
 * probes for that with `Function("")` as the first object schema is made. In the dashboard, under the
 * server's Content-Security-Policy (script-src 'self', no 'unsafe-eval'), the probe is refused and
 * reported as a violation. Jitless parses the same inputs the same way, without generated code, in the
 * browser and on the server alike (here, in the module that builds the schemas, because a bundler
 * may run a shared chunk before the entry's first statement).
 */
z.config({ jitless: true });

export const NUL_MESSAGE = "must not contain the NUL character (U+0000)";

/**
 * Every string an input takes is built here. PostgreSQL cannot store U+0000 in `text` or `jsonb`
 * (SQLSTATE 22021 / 22P05): refused up front, it is a field message instead of an internal error.
 */
export function textInput() {
  return z.string().refine((s) => !s.includes("\u0000"), { message: NUL_MESSAGE });
}

export const stageSchema = z.enum(STAGES);
export const lifecycleStatusSchema = z.enum(LIFECYCLE_STATUSES);
export const roleSchema = z.enum(ROLES);
export const ragColourSchema = z.enum(RAG_COLOURS);
export const idSchema = z.number().int().positive().max(2_147_483_647);
export const isoDateSchema = textInput().refine(isIsoDate, { message: "date must be YYYY-MM-DD" });
export const yearSchema = z.number().int().min(2000).max(2100);
export const projectCategorySchema = z.enum(PROJECT_CATEGORIES);

export const loginInputSchema = z.object({
  username: textInput().trim().min(1).max(64),
  password: textInput().min(1).max(256),
});

export const PROJECT_SORT_KEYS = [
  "code",
  "name",
  "investorName",
  "industry",
  "category",
  "townshipName",
  "isKey",
  "stage",
  "status",
  "totalInvestmentWan",
  "completedInvestmentWan",
  "signedDate",
  "plannedCompletionDate",
  "leaderName",
  "unitName",
  "ownerName",
  "deadline",
  "rag",
] as const;

export const projectListInputSchema = z.object({
  stage: stageSchema.optional(),
  status: lifecycleStatusSchema.optional(),
  townshipId: idSchema.optional(),
  unitId: idSchema.optional(),
  leaderId: idSchema.optional(),
  key: z.boolean().optional(),
  overdue: z.boolean().optional(),
  rag: ragColourSchema.optional(),
  industry: textInput().trim().min(1).max(50).optional(),
  category: projectCategorySchema.optional(),
  /** Construction actually started in this year (开工). */
  startedIn: yearSchema.optional(),
  /** Signed, i.e. settled in the district, in this year (落地). */
  signedIn: yearSchema.optional(),
  q: textInput().trim().max(100).optional(),
  sort: z.object({ by: z.enum(PROJECT_SORT_KEYS), dir: z.enum(["asc", "desc"]).default("asc") }).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export type ProjectListInput = z.input<typeof projectListInputSchema>;

/** The register's columns, in their default order: the table shows them and the .xlsx export writes them. */
export const REGISTER_COLUMNS = [
  "rag",
  "code",
  "name",
  "investor",
  "industry",
  "category",
  "stage",
  "township",
  "isKey",
  "total",
  "completed",
  "signedDate",
  "plannedCompletion",
  "leader",
  "unit",
  "owner",
  "target",
  "deadline",
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

/** An export of the register's filtered, sorted view (every page) with the chosen columns and their headings. */
export const registerExportSchema = projectListInputSchema.omit({ page: true, pageSize: true }).extend({
  /** The register, or the five-fixed table (五定责任表): the same rows, titled for what they show. */
  table: z.enum(["register", "fiveFixed"]).default("register"),
  columns: z
    .array(z.object({ key: z.enum(REGISTER_COLUMNS), title: textInput().trim().min(1).max(40) }))
    .min(1)
    .max(REGISTER_COLUMNS.length),
});

export const dashboardFilterSchema = z.object({
  townshipId: idSchema.optional(),
  unitId: idSchema.optional(),
});

/** The version a client read; a write with a stale one gets CONFLICT. */
export const versionSchema = z.number().int().min(1).max(2_147_483_647);
/** Why a plan changed, a stage moved back, … */
export const reasonSchema = textInput().trim().min(2).max(500);
/** A reporting month, `YYYY-MM`. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "month must be YYYY-MM" })
  .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, { message: "month out of range" });
/** Money in 万元: whole, never negative, at most 1 万亿. */
export const wanSchema = z.number().int().min(0).max(100_000_000);

export const milestoneCompleteSchema = z.object({ id: idSchema, version: versionSchema, actualDate: isoDateSchema });
export const milestoneReplanSchema = z.object({
  id: idSchema,
  version: versionSchema,
  plannedDate: isoDateSchema,
  reason: reasonSchema,
});
export const milestonePlanSchema = z.object({
  projectId: idSchema,
  stage: stageSchema,
  name: textInput().trim().min(2).max(100),
  plannedDate: isoDateSchema,
});
export const progressReportSchema = z.object({
  projectId: idSchema,
  period: monthSchema,
  investmentWan: wanSchema,
  physicalPercent: z.number().int().min(0).max(100),
  narrative: textInput().trim().max(2000).default(""),
  /** The version of the report being corrected; absent for a new month. */
  version: versionSchema.optional(),
});

export const stageMoveSchema = z.object({
  id: idSchema,
  version: versionSchema,
  stage: stageSchema,
  /** Required to move back or to skip a stage. */
  reason: reasonSchema.optional(),
});

const certificateSchema = textInput().trim().min(1).max(100);
const missingMaterialsSchema = z.array(textInput().trim().min(1).max(200)).min(1).max(50);

/** Department staff move a permit along; what each move needs is in its branch. */
export const permitMoveSchema = z.discriminatedUnion("to", [
  z.object({ id: idSchema, version: versionSchema, to: z.literal("submitted") }),
  z.object({ id: idSchema, version: versionSchema, to: z.literal("in_review") }),
  z.object({ id: idSchema, version: versionSchema, to: z.literal("approved"), certificateNo: certificateSchema }),
  z.object({ id: idSchema, version: versionSchema, to: z.literal("returned"), missingMaterials: missingMaterialsSchema }),
]);

export const auditQuerySchema = z.object({
  userId: idSchema.optional(),
  /** The user's login name, for the auditor who knows people by name rather than by id. */
  username: textInput().trim().min(1).max(64).optional(),
  entity: textInput().trim().min(1).max(40).optional(),
  action: textInput().trim().min(1).max(40).optional(),
  projectId: idSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

/** The formats an auditor exports a period of the audit log in. */
export const AUDIT_EXPORT_FORMATS = ["xlsx", "csv"] as const;

/** A period of the audit log (whole days in China Standard Time, both included) to export. */
export const auditExportSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema, format: z.enum(AUDIT_EXPORT_FORMATS) })
  .refine((p) => p.from <= p.to, { message: "from must not be after to", path: ["to"] });

export const problemRaiseSchema = z.object({
  projectId: idSchema,
  category: z.enum(PROBLEM_CATEGORIES),
  description: textInput().trim().min(4).max(2000),
  /** Defaults to the project's five-fixed responsible unit. */
  assignedUnitId: idSchema.optional(),
  deadline: isoDateSchema,
});
export const problemAssignSchema = z.object({
  id: idSchema,
  version: versionSchema,
  assignedUnitId: idSchema,
  deadline: isoDateSchema.optional(),
});
export const problemEscalateSchema = z.object({ id: idSchema, version: versionSchema, reason: reasonSchema });
export const problemResolveSchema = z.object({
  id: idSchema,
  version: versionSchema,
  resolution: textInput().trim().min(4).max(2000),
});
export const problemVerifySchema = z.object({ id: idSchema, version: versionSchema });
export const problemReopenSchema = z.object({ id: idSchema, version: versionSchema, reason: reasonSchema });

export const fiveFixedSetSchema = z.object({
  projectId: idSchema,
  /** The version of the current assignment, when there is one. */
  version: versionSchema.optional(),
  leaderId: idSchema,
  unitId: idSchema,
  ownerId: idSchema,
  targetTask: textInput().trim().min(2).max(500).optional(),
  deadline: isoDateSchema.optional(),
  reason: reasonSchema.optional(),
});

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, { message: "letters, digits, _ . - only" });

export const changePasswordSchema = z.object({
  currentPassword: textInput().min(1).max(256),
  newPassword: textInput().min(1).max(256),
});

export const userCreateSchema = z.object({
  username: usernameSchema,
  role: roleSchema,
  personId: idSchema.optional(),
  investorId: idSchema.optional(),
  password: textInput().min(1).max(256),
});

export const userSetPasswordSchema = z.object({ id: idSchema, password: textInput().min(1).max(256) });
export const userSetDisabledSchema = z.object({ id: idSchema, disabled: z.boolean() });

/** The national investment project code (全国投资项目在线审批监管平台), e.g. 2009-411702-36-03-000123. */
export const projectCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, { message: "code must look like 2026-411702-35-03-000123" });

const projectFields = {
  name: textInput().trim().min(2).max(100),
  industry: textInput().trim().min(1).max(40),
  category: projectCategorySchema,
  townshipId: idSchema,
  isKey: z.boolean(),
  plannedStartDate: isoDateSchema.nullable(),
  plannedCompletionDate: isoDateSchema.nullable(),
  totalInvestmentWan: wanSchema,
  jobsPlanned: z.number().int().min(0).max(1_000_000),
};

function datesInOrder(p: { plannedStartDate?: string | null; plannedCompletionDate?: string | null }) {
  return !p.plannedStartDate || !p.plannedCompletionDate || p.plannedCompletionDate >= p.plannedStartDate;
}
const DATES_IN_ORDER = { message: "planned completion must not be before planned start", path: ["plannedCompletionDate"] };

export const projectCreateSchema = z
  .object({
    code: projectCodeSchema,
    investorId: idSchema,
    signedDate: isoDateSchema,
    ...projectFields,
    plannedStartDate: projectFields.plannedStartDate.optional(),
    plannedCompletionDate: projectFields.plannedCompletionDate.optional(),
    jobsPlanned: projectFields.jobsPlanned.default(0),
    isKey: projectFields.isKey.default(false),
  })
  .refine(datesInOrder, DATES_IN_ORDER);

export const projectUpdateSchema = z
  .object(projectFields)
  .partial()
  .extend({ id: idSchema, version: versionSchema, status: z.enum(["active", "suspended", "cancelled"]).optional() })
  .refine(datesInOrder, DATES_IN_ORDER);
