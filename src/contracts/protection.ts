import { z } from 'zod';

/** The admin's data-protection page (issue #20): encryption at rest, backups, chain receipts, retry records. No patient data. */
export const backupRun = z.object({
  at: z.iso.datetime(),
  ok: z.boolean(),
  ms: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  /** Why it failed, in words (never a path with patient data: paths are the operator's own settings). */
  error: z.string().nullable(),
  trigger: z.enum(['schedule', 'admin']),
});

export const backupListed = z.object({
  at: z.iso.datetime(),
  bytes: z.number().int(),
  encryptedWith: z.enum(['LIMINAL_BACKUP_KEY', 'LIMINAL_DB_KEY', 'none']),
  auditEntries: z.number().int().nullable(),
  ledgerEntries: z.number().int().nullable(),
});

export const dataProtectionStatus = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  demo: z.boolean(),
  /** on: LIMINAL_DB_KEY encrypts the database and WAL; off: plaintext; postgres: the server's disk encryption. */
  encryption: z.enum(['on', 'off', 'postgres']),
  backups: z.object({
    scheduled: z.boolean(),
    everyHours: z.number().int().nullable(),
    keep: z.number().int(),
    /** The key backups are encrypted with; null: no key, so backups cannot be made. */
    encryptedWith: z.enum(['LIMINAL_BACKUP_KEY', 'LIMINAL_DB_KEY']).nullable(),
    running: z.boolean(),
    lastRun: backupRun.nullable(),
    recent: z.array(backupListed),
  }),
  receipts: z.object({
    last: z
      .object({
        at: z.iso.datetime(),
        auditEntries: z.number().int().nullable(),
        ledgerEntries: z.number().int().nullable(),
      })
      .nullable(),
    everyHours: z.number().int(),
  }),
  /** Idempotency-Key records (what lets a resent change apply once): how long they are kept (IDEMPOTENCY_KEEP_HOURS). */
  retryRecords: z.object({ keepHours: z.number().int() }),
  /** Sign-in records once over (device address, browser): how long they are kept (SESSION_RECORDS_KEEP_DAYS). */
  signInRecords: z.object({ keepDays: z.number().int() }),
});
export type DataProtectionStatus = z.infer<typeof dataProtectionStatus>;
