import cluster from 'node:cluster';
import type { Config } from './config';
import { prepareDatabase, startServer } from './main';
import { loadSecretKey } from './platform/secret-key';

/**
 * `liminal serve --workers N` (issue #23): N server processes behind one port, for PostgreSQL, whose work a
 * single Node event loop cannot keep busy. The primary migrates the database (and seeds the demo) once, then
 * starts the workers; Node's cluster module shares the listening socket (the primary hands connections out in
 * turn). Every worker serves the whole API; background jobs (reminders, at-home escalations, chain receipts,
 * backups) run in the first only, though the reminders and the mail outbox are claimed in the database and
 * would be safe anywhere. The audit and ledger chains stay one chain each across processes: every append takes
 * the chain's advisory lock in PostgreSQL (migrations 0013 and 0030), whichever process sends it.
 * A worker that dies is replaced. SIGTERM or SIGINT to the primary drains every worker, then exits.
 * SQLite is refused: its single writer is shared through a file lock, and the group commit and background
 * checkpoints assume one process per file.
 */
export async function serveWorkers(config: Config, workers: number): Promise<void> {
  if (cluster.isWorker) {
    const index = Number(process.env.LIMINAL_WORKER_INDEX ?? '1');
    await startServer(config, {
      prepared: true,
      jobs: index === 1,
      worker: { index, of: workers },
      seeded: process.env.LIMINAL_DEMO_SEEDED === 'true',
    });
    return;
  }
  if (config.engine !== 'postgres')
    throw new WorkersError(
      'Several worker processes need PostgreSQL (DATABASE_URL): an embedded SQLite database is served by one process.',
    );
  loadSecretKey(config); // a configuration error is reported once, here, not by every worker in turn
  const seeded = await prepareDatabase(config);
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({
      LIMINAL_WORKER_INDEX: String(index),
      LIMINAL_DEMO_SEEDED: String(seeded),
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      if (code === 2) {
        // A configuration error: every replacement would stop the same way.
        process.stderr.write(`Liminal worker ${index} could not start (configuration); stopping\n`);
        stop('SIGTERM', 2);
        return;
      }
      process.stderr.write(
        `Liminal worker ${index} stopped (${signal ?? `exit ${code}`}); starting another in its place\n`,
      );
      setTimeout(() => fork(index), 1000); // not unref: with every worker gone, it keeps the primary alive
    });
  };
  for (let i = 1; i <= workers; i++) fork(i);
  function stop(signal: NodeJS.Signals, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(exitCode);
      }
    }, 100);
  }
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

export class WorkersError extends Error {}
