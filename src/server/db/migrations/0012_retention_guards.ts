import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged. Retention (SECURITY.md S18): signed clinical records are locked by the database, not
// only by the services, so nothing can delete or rewrite them before (or after) their retention floor. The
// audit log, ledger, addenda and session entries were already insert-only (0001, 0004, 0006).
//  - therapy_notes: a signed note can be neither changed nor deleted (corrections are addenda).
//  - dosing_sessions: once signed, the clinical record is locked; only the REMS "submitted" mark (and the row's
//    version/updated_at that go with it) may still be set, as the service does after signing.
//  - consent_signatures: never deleted; what was signed never changes; a revocation is recorded once.
//  - measure_responses: a completed response is locked (amendments are new rows); measure_scores are insert-only.
// Every refusal's message says "append-only", which isAppendOnlyViolation() recognises.

const SESSION_CLINICAL_COLUMNS = [
  'course_id',
  'patient_id',
  'number',
  'route',
  'setting',
  'status',
  'readiness',
  'checklist',
  'weight_kg',
  'hold',
  'hold_override',
  'dose_order',
  'first_dose_at',
  'discharge',
  'discharged_at',
  'narrative',
  'rems',
  'signed_by',
  'signed_at',
  'started_by',
  'started_at',
].join(', ');
const SIGNATURE_COLUMNS =
  'patient_id, document_id, text_hash, signed_name, method, witness_id, recorded_by, signed_at, ip';
const REVOCATION_COLUMNS = 'revoked_at, revoked_by, revoke_reason';

/** [name, table, timing and event, condition or null] */
const GUARDS: [string, string, string, string | null][] = [
  ['therapy_notes_signed_update', 'therapy_notes', 'before update', "old.status = 'signed'"],
  ['therapy_notes_signed_delete', 'therapy_notes', 'before delete', "old.status = 'signed'"],
  [
    'dosing_sessions_signed_update',
    'dosing_sessions',
    `before update of ${SESSION_CLINICAL_COLUMNS}`,
    'old.signed_at is not null',
  ],
  ['dosing_sessions_signed_delete', 'dosing_sessions', 'before delete', 'old.signed_at is not null'],
  ['consent_signatures_delete', 'consent_signatures', 'before delete', null],
  ['consent_signatures_update', 'consent_signatures', `before update of ${SIGNATURE_COLUMNS}`, null],
  [
    'consent_signatures_revoked',
    'consent_signatures',
    `before update of ${REVOCATION_COLUMNS}`,
    'old.revoked_at is not null',
  ],
  ['measure_responses_completed_update', 'measure_responses', 'before update', "old.status = 'completed'"],
  ['measure_responses_completed_delete', 'measure_responses', 'before delete', "old.status = 'completed'"],
  ['measure_scores_update', 'measure_scores', 'before update', null],
  ['measure_scores_delete', 'measure_scores', 'before delete', null],
];
const NO_TRUNCATE = [
  'therapy_notes',
  'dosing_sessions',
  'consent_signatures',
  'measure_responses',
  'measure_scores',
];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(`create or replace function liminal_refuse_locked() returns trigger language plpgsql as $$
begin
  raise exception '%: signed clinical records are append-only (locked for retention)', TG_TABLE_NAME using errcode = 'P0001';
end $$;`)
      .execute(db);
    for (const [name, table, when, condition] of GUARDS) {
      await sql
        .raw(
          `create trigger ${name} ${when} on ${table} for each row${condition ? ` when (${condition})` : ''} execute function liminal_refuse_locked();`,
        )
        .execute(db);
    }
    for (const table of NO_TRUNCATE) {
      await sql
        .raw(
          `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function liminal_refuse_locked();`,
        )
        .execute(db);
    }
  } else {
    for (const [name, table, when, condition] of GUARDS) {
      await sql
        .raw(
          `create trigger ${name} ${when} on ${table}${condition ? ` when ${condition}` : ''} begin select raise(abort, '${table}: signed clinical records are append-only (locked for retention)'); end;`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
