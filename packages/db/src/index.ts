export * from "./client";
export { DataDirInUseError } from "./lock";
export { decoyHash, hashPassword, verifyPassword } from "./passwords";
export { initials } from "./pinyin";
export * as schema from "./schema";
