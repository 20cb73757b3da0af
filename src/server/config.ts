import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the server reads from its environment, validated once at boot. A missing or invalid
 * value stops the process with a message that names the variable (see formatConfigError).
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** A key must be long and look random: 32+ characters, not a short pattern repeated. */
export const randomKey = z
  .string()
  .min(32, 'must be at least 32 random characters')
  .refine((v) => new Set(v).size >= 10, 'does not look random (too few different characters)');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for embedded SQLite)')
    .optional(),
  /** Public origin users reach the app at; used in emailed links and to decide Secure cookies. */
  PUBLIC_URL: z.url().optional(),
  /** Demo mode: seeds the demo clinic, relaxes staff MFA and shows a banner saying so. */
  LIMINAL_DEMO: boolish.default(false),
  /** 32-byte key (base64 or hex) that encrypts TOTP secrets at rest. Generated into DATA_DIR on SQLite if unset. */
  LIMINAL_SECRET_KEY: z.string().min(32).optional(),
  /** Encrypts the embedded database and its WAL (SQLCipher 4 format). Or LIMINAL_DB_KEY_FILE: a file holding it. */
  LIMINAL_DB_KEY: randomKey.optional(),
  LIMINAL_DB_KEY_FILE: z.string().min(1).optional(),
  /** Encrypts backups with a key of their own (default: LIMINAL_DB_KEY). */
  LIMINAL_BACKUP_KEY: randomKey.optional(),
  /** Scheduled backups (embedded SQLite): where, how often, how many to keep. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY_HOURS: z.coerce.number().int().min(1).max(168).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(14),
  /** Allows a DATABASE_URL to a remote PostgreSQL server without TLS (refused by default). */
  DATABASE_ALLOW_INSECURE: boolish.default(false),
  /** How long a write's Idempotency-Key record (and its kept answer) is kept before it is removed (a week unless set). */
  IDEMPOTENCY_KEEP_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  /** How long a sign-in's record is kept once it is over (its device address and browser), before it is removed. */
  SESSION_RECORDS_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Liminal <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: boolish.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_000_000),
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The embedded database's page cache in MiB (the server's one connection): more is fewer reads, less is less memory. */
  SQLITE_CACHE_MB: z.coerce.number().int().min(2).max(4096).default(64),
  /** `auto`: human-readable lines on a terminal (pino-pretty) outside production, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** Bearer token that opens GET /metrics on the app's port (Prometheus `authorization: credentials`). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  /** A second listener serving only GET /metrics, without a token, on METRICS_HOST (loopback by default). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** OpenTelemetry traces are exported (OTLP over HTTP) when this is set; the SDK reads the other OTEL_* settings. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  dataDir: string;
  engine: 'sqlite' | 'postgres';
  sqliteFile: string;
  publicUrl: string;
  secureCookies: boolean;
  /** The embedded database's key, from LIMINAL_DB_KEY or the file LIMINAL_DB_KEY_FILE names; none: plaintext. */
  dbKey?: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  const dbKey = readDbKey(raw);
  if (raw.DATABASE_URL && !raw.DATABASE_ALLOW_INSECURE) checkDatabaseTls(raw.DATABASE_URL);
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    dataDir,
    engine: raw.DATABASE_URL ? 'postgres' : 'sqlite',
    sqliteFile: path.join(dataDir, 'liminal.db'),
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    ...(dbKey ? { dbKey } : {}),
  };
}

function readDbKey(raw: RawConfig): string | undefined {
  if (raw.LIMINAL_DB_KEY && raw.LIMINAL_DB_KEY_FILE)
    throw new ConfigError([
      { variable: 'LIMINAL_DB_KEY_FILE', message: 'set LIMINAL_DB_KEY or LIMINAL_DB_KEY_FILE, not both' },
    ]);
  if (raw.LIMINAL_DB_KEY) return raw.LIMINAL_DB_KEY;
  if (!raw.LIMINAL_DB_KEY_FILE) return undefined;
  let key: string;
  try {
    key = fs.readFileSync(raw.LIMINAL_DB_KEY_FILE, 'utf8').trim();
  } catch {
    throw new ConfigError([
      { variable: 'LIMINAL_DB_KEY_FILE', message: `cannot read ${raw.LIMINAL_DB_KEY_FILE}` },
    ]);
  }
  const valid = randomKey.safeParse(key);
  if (!valid.success)
    throw new ConfigError([
      {
        variable: 'LIMINAL_DB_KEY_FILE',
        message: `the key in ${raw.LIMINAL_DB_KEY_FILE} ${valid.error.issues[0]?.message}`,
      },
    ]);
  return key;
}

/**
 * PostgreSQL's disk encryption is the clinic's (its volume or cloud disk); what Liminal can check is that data
 * does not cross a network in clear: a DATABASE_URL to a host other than this machine must ask for TLS
 * (`sslmode=require`, `verify-ca` or `verify-full`, or `ssl=true`) unless DATABASE_ALLOW_INSECURE is set.
 */
export function checkDatabaseTls(databaseUrl: string): void {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError([{ variable: 'DATABASE_URL', message: 'is not a valid URL' }]);
  }
  const host = (url.searchParams.get('host') ?? url.hostname).replace(/^\[|\]$/g, '');
  const local =
    host === '' || host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (local) return;
  const sslmode = url.searchParams.get('sslmode');
  const tls =
    ['require', 'verify-ca', 'verify-full'].includes(sslmode ?? '') || url.searchParams.get('ssl') === 'true';
  if (!tls)
    throw new ConfigError([
      {
        variable: 'DATABASE_URL',
        message: `connects to ${host} without TLS: add ?sslmode=verify-full (or require), or set DATABASE_ALLOW_INSECURE=true if the network is private`,
      },
    ]);
}

export function formatConfigError(err: ConfigError): string {
  return [
    'Liminal cannot start: the configuration is invalid.',
    ...err.issues.map((i) => `  ${i.variable}: ${i.message}`),
    'See README.md, "Configuration".',
  ].join('\n');
}

/** Config for tests: defaults plus overrides, never reading the real environment. */
export function loadTestConfig(overrides: Partial<Record<keyof RawConfig, string>> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', LIMINAL_SECRET_KEY: 'test-key-'.padEnd(44, 'x'), ...overrides });
}
