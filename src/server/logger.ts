import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs with patient data and secrets kept out (S14). Requests are logged as method, path
 * (query strings dropped: searches can contain names) and status, never bodies; known secret-bearing
 * headers and fields are redacted wherever they appear.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.code',
  '*.recoveryCode',
  '*.email',
  '*.name',
  '*.phone',
  '*.dob',
  '*.birthDate',
  '*.body',
  '*.note',
];

/**
 * Where log lines go when no destination is given: JSON lines on stdout (what a log shipper or `journalctl`
 * reads), or, for a person at a terminal in development, pino-pretty's coloured one-line-per-event format.
 * `LOG_FORMAT=auto` picks pretty only on a TTY with NODE_ENV other than production. Redaction happens before
 * formatting, so both formats carry the same (PHI-free) fields.
 */
export function logDestination(
  format: 'auto' | 'pretty' | 'json',
  env: { isTTY: boolean; nodeEnv: string | undefined } = {
    isTTY: Boolean(process.stdout.isTTY),
    nodeEnv: process.env.NODE_ENV,
  },
  /** Where pretty lines go (stdout by default; tests pass a stream). */
  out?: NodeJS.WritableStream,
): DestinationStream | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && env.isTTY && env.nodeEnv !== 'production');
  if (!pretty) return undefined;
  try {
    // Loaded only when wanted (a production install may leave it out); synchronous, no worker thread.
    const prettyFactory = createRequire(import.meta.url)('pino-pretty') as (
      opts: object,
    ) => DestinationStream;
    return prettyFactory({
      colorize: true,
      singleLine: true,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
      ...(out ? { destination: out } : {}),
    });
  } catch {
    return undefined;
  }
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          path: String(req.url).split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
