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
