export { type BackupOptions, type BackupResult, NothingToBackUpError, writeBackup } from "./dump";
export { BackupFileError, type BackupSummary, verifyBackupFile } from "./file";
export { type RestoreOptions, RestoreRefusedError, type RestoreResult, restoreBackup } from "./restore";
export { type BackupLog, type BackupSchedule, pruneBackups, startBackupSchedule } from "./schedule";
