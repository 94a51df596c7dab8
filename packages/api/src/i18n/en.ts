import type { Placeholders } from "@tracker/domain";
import type { zhCN } from "./zh-CN";

/** Every text the server says, in English: exactly the Chinese catalog's keys, with the same holes. */
export const en = {
  // The user's errors (userError)
  unauthorized: "Please sign in",
  sessionExpired: "Your session has expired; please sign in again",
  forbidden: "Your role may not do this",
  projectNotFound: "No such project",
  badCredentials: "Wrong username or password",
  accountLocked:
    "Too many failed sign-ins: signing in to this account from here is paused; try again in {minutes} minutes or ask the administrator to unlock it",
  loginNotBatched: "A sign-in must be sent on its own, not in a batch with other requests",
  passwordExpired: "Your password is more than {days} days old; change it first",
  passwordCommon: "This password is too common and easy to guess; choose another",
  passwordHasUsername: "The password may not contain the username",
  passwordReused: "The new password may not be one of the last {count} passwords",
  notYourProject: "Only the project's supervising leader or person in charge may change it",
  conflict: "{who} changed this {entity} at {when}; reload and try again",
  notFound: "No such {entity}",
  milestoneDone: "This milestone is already done",
  dateInFuture: "The date it was done cannot be in the future",
  dateBeforeSigning: "The date cannot be before the project was signed ({date})",
  samePlannedDate: "The new planned date is the current one",
  periodInFuture: "A month that has not begun cannot be reported",
  beyondTotalInvestment:
    "Completed investment would reach {completed} 万元, above the total investment of {total} 万元; raise the total first",
  reportExists: "{period} is already reported; correct the existing report",
  sameStage: "The project is already in this stage",
  stageReasonRequired: "Moving back or skipping a stage needs a reason",
  projectNotActive: "The project is suspended or cancelled; its stage cannot move",
  notYourUnit: "Only staff of the issuing unit may act on this permit",
  permitMoveNotAllowed: "This permit is {from}; it cannot become {to}",
  deadlineInPast: "The deadline cannot be in the past",
  problemMoveNotAllowed: "The problem is {from}; it cannot be {action}",
  alreadyTopLevel: "The problem is already with the district leadership",
  notYourProblem: "Only the assigned unit, or the project's leader or person in charge, may act on this problem",
  onlyLeaderVerifies: "Only the supervising leader or district leadership may close it",
  unknownUnit: "No such unit",
  unknownPerson: "No such person",
  targetNeedsDeadline: "A target task and its deadline go together",
  tooManyLogins: "Too many sign-in attempts; try again later",
  passwordTooShort: "The password needs at least 8 characters",
  passwordTooLong: "The password may have at most 128 characters",
  passwordTooSimple: "The password needs 3 of: lower case, upper case, digits, symbols",
  passwordUnchanged: "The new password must differ from the old one",
  wrongCurrentPassword: "The current password is wrong",
  usernameTaken: "That username is taken",
  investorUserNeedsCompany: "An investor account needs its company, and only an investor account may have one",
  unknownInvestor: "No such company",
  userNotFound: "No such user",
  codeTaken: "That project code is taken",
  unknownTownship: "No such township",
  auditExportTooLarge: "The export would exceed {max} audit events; export a shorter period at a time",
  privilegedAccount:
    "The system administrator may not create or manage administrator or auditor accounts (separation of duties); an operator does this on the server with npm run users",
  exportTooLarge: "The export would exceed {max} rows; filter the register first",
  totalBelowCompleted: "The total investment cannot be below the {completed} 万元 already invested",
  datesOutOfOrder: "Planned completion cannot be before planned start",
  lifecycleNotAllowed: "The project cannot go from {from} to {to}",
  invalidInput: "Some fields are not valid; please check them",
  crossOriginRefused: "Requests from {origin} are refused: use the tracker's own pages",
  jsonOnly: "Only application/json requests are accepted",
  invalidText: "The input holds a character that cannot be stored (such as NUL, U+0000); remove it and retry",
  internal: "Something went wrong on the server; please retry (error {id})",
  databaseUnavailable: "The database is unavailable; please retry shortly (error {id})",
  duplicate: "This record already exists, perhaps just submitted by someone else; reload and try again",
  busyRetry: "Others are changing the same data at this moment; please retry",
  ruleViolated: "This change breaks a rule of the register and was not saved (rule {rule})",
  valueRequired: "A required value is missing ({column}); nothing was saved",
  referenceMissing: "Something this refers to does not exist or was removed; nothing was saved",
  invalidValue: "A value is out of range or malformed; nothing was saved",
  startBeforeSigning: "The actual start cannot be before the project was signed",
  completionBeforeStart: "The actual completion cannot be before the actual start",
  completedAboveTotal: "Completed investment cannot exceed the total investment",
  assignmentEndsBeforeStart: "A five-fixed assignment cannot end before it began",
  resolvedBeforeRaised: "A problem cannot be resolved before it was raised",
  decidedBeforeSubmitted: "A permit cannot be decided before it was submitted",
  idempotencyKeyReused: "This idempotency key was already used for a different request; use a new key for a new request",
  // What a message may be about: `{entity}` in conflict and notFound
  "entity.milestone": "milestone",
  "entity.progressReport": "progress report",
  "entity.project": "project",
  "entity.permit": "permit",
  "entity.problem": "problem",
  "entity.fiveFixed": "five-fixed assignment",
  // A ledger file that cannot be used (the import and the upload route)
  "file.unreadable": "The file cannot be read: upload the ledger as .xlsx or .csv",
  "file.empty": "The file is empty",
  "file.noHeadings": "Row 1 has none of the ledger's headings (项目名称, 投资方, …)",
  "file.missingColumns": "Required columns are missing: {columns}",
  "file.tooManyRows":
    "The file has more than {maxRows} rows and was not imported: split it into files of at most {maxRows} rows and import each",
  "file.inflatedTooLarge":
    "The file is too large once unpacked (over {maxMb} MB), far more than a ledger needs: delete extra sheets and empty rows and columns, save it again as .xlsx and upload that",
  "file.compressionRatio":
    "The file compresses abnormally well (over {maxRatio}:1) and may have been crafted to harm the server, so it was refused: open it in Excel, save it again as .xlsx and upload that",
  "file.tooManyParts":
    "The file holds too many parts (over {maxParts}) to be a ledger: keep only the ledger sheet, save it again as .xlsx and upload that",
  "file.outOfMemory":
    "Reading the file needed more memory than allowed and was stopped; the database is unchanged: remove what is not the ledger, or split it into smaller files",
  "file.timeout":
    "Reading the file took over {seconds} s and was stopped; the database is unchanged: split it into smaller files",
  // A ledger row the import cannot apply (after `row N, column X: `)
  "row.codeMismatch": "a project with this name and investor exists with code {code}, not this row's",
  "row.totalBelowCompleted": "total investment cannot be below the {completed} 万元 already invested",
  // The ledger upload route's refusals (apps/server; 401 is `unauthorized`)
  "upload.adminOnly": "Only the system administrator can import the ledger",
  "upload.notLedgerFile": "Upload an .xlsx or .csv file",
  "upload.tooLarge": "The file is too large (over {maxMb} MB) and was not imported: split it into smaller files and import each",
  "upload.failed": "The import failed (reference {id}); the database is unchanged",
  // Words in files and records the server writes
  someone: "someone",
  listSeparator: ", ",
  yes: "Yes",
  no: "No",
  "export.registerTitle": "Project register",
  "export.fiveFixedTitle": "Five-fixed assignments",
  "export.registerTotal": "Total ({count} projects)",
  "export.auditTitle": "Audit log",
  "ledger.templateFilename": "ledger-template.xlsx",
  "ledger.importReason": "ledger import",
} as const satisfies Record<keyof typeof zhCN, string>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type HolesDiffer = {
  [K in keyof typeof zhCN]: Same<Placeholders<(typeof zhCN)[K]>, Placeholders<(typeof en)[K]>> extends true ? never : K;
}[keyof typeof zhCN];
/** Does not compile, and names the key, when a message's English holes are not its Chinese ones. */
export const holesMatch: [HolesDiffer] extends [never] ? true : HolesDiffer = true;
