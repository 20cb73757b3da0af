import { effectiveFloor, type RecordClass, retentionCutoff } from '../../../domain/retention';
import type { Db } from '../../db/dialect';
import { getSetting } from '../../platform/settings';
import { tableAge } from './repository';

/**
 * The retention report (S18): for each kept table, how many rows, the oldest, the floor that applies and its
 * source, and how many rows have passed it. It changes nothing. There is deliberately no purge path: the
 * audit log, ledger and signed clinical records are locked by database triggers (UPDATE/DELETE refused at any
 * age), so "past the floor" only means an administrator may consider it under the clinic's own policy, with
 * the database's owner account, outside the app. Clinical floors count from each row's own date; state laws
 * that count from the patient's last encounter give later dates, so the count is an upper bound.
 */
export interface RetainedTable {
  table: string;
  label: string;
  recordClass: RecordClass;
  /** The column holding when the record was made or signed (ISO-8601 UTC text). */
  at: string;
  /** Only rows that are part of the kept record (e.g. signed notes, not drafts). */
  where?: string;
  /** What stops a row from being changed or deleted. */
  lockedBy: string;
}

export const RETAINED_TABLES: readonly RetainedTable[] = [
  {
    table: 'audit_log',
    label: 'Audit log',
    recordClass: 'audit',
    at: 'at',
    lockedBy: 'append-only in the database, hash-chained',
  },
  {
    table: 'ledger_events',
    label: 'Ledger events',
    recordClass: 'ledger',
    at: 'at',
    lockedBy: 'append-only in the database, hash-chained',
  },
  {
    table: 'ledger_inventories',
    label: 'Ledger inventories',
    recordClass: 'ledger',
    at: 'signed_at',
    lockedBy: 'append-only in the database',
  },
  {
    table: 'ledger_filings',
    label: 'DEA filings',
    recordClass: 'ledger',
    at: 'created_at',
    lockedBy: 'append-only in the database',
  },
  {
    table: 'therapy_notes',
    label: 'Signed therapy notes',
    recordClass: 'clinical',
    at: 'signed_at',
    where: "status = 'signed'",
    lockedBy: 'locked in the database once signed',
  },
  {
    table: 'dosing_sessions',
    label: 'Signed dosing sessions',
    recordClass: 'clinical',
    at: 'signed_at',
    where: 'signed_at is not null',
    lockedBy: 'locked in the database once signed',
  },
  {
    table: 'session_entries',
    label: 'Session monitoring entries',
    recordClass: 'clinical',
    at: 'recorded_at',
    lockedBy: 'append-only in the database',
  },
  {
    table: 'addenda',
    label: 'Addenda',
    recordClass: 'clinical',
    at: 'created_at',
    lockedBy: 'append-only in the database',
  },
  {
    table: 'consent_signatures',
    label: 'Consent signatures',
    recordClass: 'clinical',
    at: 'signed_at',
    lockedBy: 'cannot be deleted; signed content locked in the database',
  },
  {
    table: 'measure_responses',
    label: 'Completed questionnaires',
    recordClass: 'clinical',
    at: 'completed_at',
    where: "status = 'completed'",
    lockedBy: 'locked in the database once completed',
  },
  {
    table: 'measure_scores',
    label: 'Questionnaire scores',
    recordClass: 'clinical',
    at: 'scored_at',
    lockedBy: 'append-only in the database',
  },
  {
    table: 'messages',
    label: 'Messages with the care team',
    recordClass: 'clinical',
    at: 'sent_at',
    lockedBy: 'append-only in the database',
  },
  // The integration journal (issue #17): the patient's own words, kept as clinical records under the clinic's policy.
  {
    table: 'journal_entries',
    label: 'Journal entries (the patient’s)',
    recordClass: 'clinical',
    at: 'created_at',
    lockedBy: 'never deleted by the app; only the patient edits the text',
  },
  {
    table: 'journal_sharing',
    label: 'Journal sharing history',
    recordClass: 'clinical',
    at: 'at',
    lockedBy: 'append-only in the database',
  },
];

export interface RetentionLine {
  table: string;
  label: string;
  recordClass: RecordClass;
  rows: number;
  oldest: string | null;
  floorYears: number;
  source: string;
  /** Rows made before this instant have passed the floor. */
  cutoff: string;
  pastFloor: number;
  /** True when some rows have passed their floor (they may be considered; nothing here deletes them). */
  eligibleForPurge: boolean;
  lockedBy: string;
}

export interface RetentionReport {
  at: string;
  clinicalPolicyYears: number | null;
  /** Set when the clinic's policy asks for less than the floor (the floor applies). */
  warnings: string[];
  purgePath: 'none';
  tables: RetentionLine[];
}

export async function retentionReport(db: Db, now: Date): Promise<RetentionReport> {
  const policy = await getSetting(db, 'retention.clinicalRecordYears');
  const warnings: string[] = [];
  const tables: RetentionLine[] = [];
  for (const t of RETAINED_TABLES) {
    const floor = effectiveFloor(t.recordClass, policy);
    if (floor.policyBelowFloor && !warnings.length) {
      warnings.push(
        `The clinic's retention policy (${policy} years) is below the ${floor.years}-year floor for clinical records; the floor applies.`,
      );
    }
    const cutoff = retentionCutoff(now, floor.years).toISOString();
    const row = await tableAge(db, t, cutoff);
    const pastFloor = Number(row?.past ?? 0);
    tables.push({
      table: t.table,
      label: t.label,
      recordClass: t.recordClass,
      rows: Number(row?.n ?? 0),
      oldest: row?.oldest ?? null,
      floorYears: floor.years,
      source: floor.source,
      cutoff,
      pastFloor,
      eligibleForPurge: pastFloor > 0,
      lockedBy: t.lockedBy,
    });
  }
  return { at: now.toISOString(), clinicalPolicyYears: policy, warnings, purgePath: 'none', tables };
}

/** The report as text for a terminal. */
export function formatRetentionReport(r: RetentionReport): string {
  const lines = [`Retention report at ${r.at} (nothing is deleted: Liminal has no purge path)`, ''];
  for (const w of r.warnings) lines.push(`WARNING: ${w}`, '');
  for (const t of r.tables) {
    lines.push(
      `${t.label} (${t.table}): ${t.rows} rows, oldest ${t.oldest ?? '—'}`,
      `  floor ${t.floorYears} years (${t.source})`,
      `  rows made before ${t.cutoff} have passed it: ${t.pastFloor}${t.eligibleForPurge ? ' (may be considered under clinic policy; the database still refuses to delete them)' : ' (nothing eligible)'}`,
      `  protection: ${t.lockedBy}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
