import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the server reads from its environment, validated once at boot. A missing or invalid
 * value stops the process with a message that names the variable (see formatConfigError).
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

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
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
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
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    dataDir,
    engine: raw.DATABASE_URL ? 'postgres' : 'sqlite',
    sqliteFile: path.join(dataDir, 'liminal.db'),
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
  };
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
