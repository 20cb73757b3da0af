// Data protection (issue #20): what the app, the CLI and other features use.
export { BackupError, openBackup, writeBackupSync } from './backup';
export { checkReceipt, ReceiptError, readReceipt } from './receipts';
export { restoreBackup } from './restore';
export { registerProtectionRoutes } from './routes';
export { ProtectionService, startProtectionJobs } from './service';
