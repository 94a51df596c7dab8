export * from "./client";
export { DataDirInUseError } from "./lock";
export { decoyHash, hashPassword, verifyPassword } from "./passwords";
export { initials } from "./pinyin";
export * as schema from "./schema";
export {
  type DatabaseErrorInfo,
  databaseError,
  lockProject,
  lockProjects,
  RETRYABLE_SQL_STATES,
  sqlState,
  TRANSACTION_ATTEMPTS,
  type TransactionOptions,
  transaction,
} from "./transaction";
