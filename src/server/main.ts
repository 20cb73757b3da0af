import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, ConfigError } from './config';
import { connect, type DatabaseHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { DatabaseKeyError } from './db/sqlite-open';
import { startMetricsListener } from './features/metrics';
import { systemClock } from './platform/clock';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo';
import { startTracing } from './tracing';

export function openDatabase(config: Config, opts: { groupCommit?: boolean } = {}): DatabaseHandle {
  try {
    return connectTo(config, opts);
  } catch (err) {
    // A wrong or missing database key is a configuration error: it names the variable, and nothing was opened.
    if (err instanceof DatabaseKeyError)
      throw new ConfigError([{ variable: err.variable, message: err.message }]);
    throw err;
  }
}

const connectTo = (config: Config, opts: { groupCommit?: boolean }) =>
  connect({
    engine: config.engine,
    sqliteFile: config.sqliteFile,
    databaseUrl: config.DATABASE_URL,
    poolSize: config.PG_POOL_SIZE,
    sqliteCacheMb: config.SQLITE_CACHE_MB,
    ...(config.dbKey ? { sqliteKey: config.dbKey } : {}),
    groupCommit: opts.groupCommit ?? false,
  });

/** How this process serves: alone, or as one worker of `serve --workers N` (cluster.ts). */
export interface ServeRole {
  /** The database is migrated (and the demo seeded) already, by the primary. */
  prepared?: boolean;
  /** Background jobs (reminders, at-home escalations, receipts, backups) run here: one worker only. */
  jobs?: boolean;
  /** Worker k of N: the banner is printed once, by the first. */
  worker?: { index: number; of: number };
  /** The primary seeded the demo clinic just now (for the banner). */
  seeded?: boolean;
}

/** The database migrated and, in demo mode, the demo clinic seeded; whether it was seeded just now. */
export async function prepareDatabase(config: Config): Promise<boolean> {
  const handle = openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    return config.LIMINAL_DEMO ? (await seedDemo(handle.db, systemClock)).seeded : false;
  } finally {
    await handle.close();
  }
}

/** config → database → migrations → (demo seed) → app → listen; SIGTERM drains and closes cleanly. */
export async function startServer(
  config: Config,
  role: ServeRole = {},
): Promise<{ app: FastifyInstance; handle: DatabaseHandle }> {
  const started = Date.now();
  const tracing = await startTracing(config);
  const handle = openDatabase(config, { groupCommit: true });
  let seeded = role.seeded ?? false;
  if (!role.prepared) {
    await migrateToLatest(handle.db);
    if (config.LIMINAL_DEMO) seeded = (await seedDemo(handle.db, systemClock)).seeded;
  }
  const { app, metrics } = await buildApp({ config, handle, jobs: role.jobs ?? true });
  await app.listen({ port: config.PORT, host: config.HOST });
  // METRICS_PORT: /metrics without a token on a separate (loopback by default) listener.
  const metricsListener =
    metrics && config.METRICS_PORT
      ? await startMetricsListener(metrics, config.METRICS_HOST, config.METRICS_PORT)
      : null;
  if (metricsListener)
    app.log.info({ host: config.METRICS_HOST, port: metricsListener.port }, 'metrics listener ready');
  const where = config.engine === 'sqlite' ? config.sqliteFile : 'PostgreSQL';
  app.log.info(
    {
      engine: config.engine,
      ms: Date.now() - started,
      ...(role.worker ? { worker: role.worker.index } : {}),
    },
    'Liminal is ready',
  );
  if (config.engine === 'sqlite' && !config.dbKey && !config.LIMINAL_DEMO)
    app.log.warn('encryption at rest is off: set LIMINAL_DB_KEY and run "liminal db encrypt"');
  // Operator-facing banner on stdout (not PHI): where to go and how to sign in to the demo.
  if (!role.worker || role.worker.index === 1)
    process.stdout.write(
      [
        '',
        `Liminal is running at ${config.publicUrl} (database: ${where}${role.worker ? `, ${role.worker.of} worker processes` : ''}) — ready in ${Date.now() - started} ms`,
        ...encryptionBanner(config),
        ...(config.LIMINAL_DEMO
          ? [
              `Demo mode${seeded ? ' (demo clinic seeded just now)' : ''}: two-factor sign-in is relaxed; all data is fictional.`,
              `Demo sign-ins (password "${DEMO_PASSWORD}"):`,
              ...DEMO_USERS.map((u) => `  ${u.role.padEnd(11)} ${u.email}`),
            ]
          : []),
        '',
      ].join('\n'),
    );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await metricsListener?.close();
      await app.close(); // stops accepting, waits for in-flight requests
      await handle.close();
      await tracing?.shutdown(); // sends the spans still batched
      process.exit(0);
    } catch {
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { app, handle };
}

/** What the operator is told about encryption at rest at every start (S19). */
export function encryptionBanner(config: Config): string[] {
  if (config.engine === 'postgres')
    return [
      "Encryption at rest: the PostgreSQL server's disk or volume encryption (the clinic's to set up).",
    ];
  if (config.dbKey)
    return ['Encryption at rest: on (the database and its WAL are encrypted with LIMINAL_DB_KEY).'];
  if (config.LIMINAL_DEMO)
    return [
      'Encryption at rest: off (demo: the database file is plaintext; set LIMINAL_DB_KEY for real data).',
    ];
  return [
    '!! WARNING: encryption at rest is OFF. Patient data in ' +
      config.sqliteFile +
      ' is readable by anyone who copies',
    '!! the disk or a backup. Set LIMINAL_DB_KEY (32+ random characters) and run "liminal db encrypt".',
  ];
}
