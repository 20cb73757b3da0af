import { parentPort, workerData } from 'node:worker_threads';
import { type BackupOptions, writeBackupSync } from './backup';

// Runs one backup off the server's event loop (SQLite's snapshot and the cipher are synchronous).
try {
  const { file, manifest, ms } = writeBackupSync(workerData as BackupOptions);
  parentPort?.postMessage({ ok: true, file, ms, bytes: manifest.bytes });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
