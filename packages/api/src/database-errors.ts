/**
 * What a statement PostgreSQL refused means to the user. The procedures check the rules they know
 * first, with messages of their own; this is for what only the database caught (a CHECK the code did
 * not foresee, a race past a pre-check, a deadlock retried to the end): never a 500.
 *
 * By SQLSTATE: 23505 unique and 23P01 exclusion → CONFLICT (someone else got there first: reload);
 * 40001 serialization and 40P01 deadlock, once `transaction()` gave up retrying → CONFLICT (retry);
 * 23514 check, 23502 not null, 23503 foreign key, class 22 (bad value) → BAD_REQUEST. A constraint
 * the catalog names gets its own message; any other one the message of its kind, naming the rule.
 */
import { databaseError } from "@tracker/db";
import { TRPCError } from "@trpc/server";
import { type Locale, type MessageKey, message } from "./messages";

/** Constraints whose violation has a message of its own (names from packages/db/src/schema). */
const CONSTRAINT_MESSAGES: Record<string, MessageKey> = {
  projects_code_uq: "codeTaken",
  users_username_uq: "usernameTaken",
  projects_start_after_signing_ck: "startBeforeSigning",
  projects_actual_dates_ck: "completionBeforeStart",
  projects_completed_le_total_ck: "completedAboveTotal",
  projects_planned_dates_ck: "datesOutOfOrder",
  five_fixed_validity_ck: "assignmentEndsBeforeStart",
  five_fixed_target_ck: "targetNeedsDeadline",
  problems_resolved_order_ck: "resolvedBeforeRaised",
  permits_decided_ck: "decidedBeforeSubmitted",
};

/** The refusal (with the database's error as its cause) for an error PostgreSQL raised; undefined otherwise. */
export function refusalFor(error: unknown, locale: Locale): TRPCError | undefined {
  const info = databaseError(error);
  if (!info) return undefined;
  const refuse = (code: TRPCError["code"], key: MessageKey, params?: Record<string, string>) =>
    new TRPCError({ code, message: message(locale, key, params), cause: error });
  const named = info.constraint ? CONSTRAINT_MESSAGES[info.constraint] : undefined;
  switch (info.code) {
    case "23505":
    case "23P01":
      return refuse("CONFLICT", named ?? "duplicate");
    case "40001":
    case "40P01":
      return refuse("CONFLICT", "busyRetry");
    case "23514":
      return refuse("BAD_REQUEST", named ?? "ruleViolated", { rule: info.constraint ?? "-" });
    case "23502":
      return refuse("BAD_REQUEST", "valueRequired", { column: info.column ?? "-" });
    case "23503":
      return refuse("BAD_REQUEST", "referenceMissing");
    default:
      return info.code.startsWith("22") ? refuse("BAD_REQUEST", "invalidValue") : undefined;
  }
}
