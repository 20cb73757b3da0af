import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres, makeAppendOnly } from '../dialect';

// Frozen once merged. Billing (issue #22, DOMAIN §9):
//  - fee_schedule: the clinic's prices per CPT/HCPCS code and modifiers, each row valid from a date (and until
//    one), with its source; shipped defaults are example prices the clinic must set (example_price = 1);
//  - charge_lines: the lines a visit bills, proposed by the rules (or added by hand), reviewed, then final and
//    locked; a correction is a new final line that reverses one (reverses_id) with the negative amount;
//  - payments: what the patient paid, with optional allocations to charge lines; both append-only (a mistaken
//    payment is voided by a new row with the negative amount that names it in reverses_id).
// A final charge line is locked in the database too: UPDATE or DELETE of a row whose state is 'final' is refused.
// Money is integer cents. A line bills a visit: the appointment and/or the dosing or at-home session it stands
// for (at least one is set). Needs 0002 (patients), 0005 (appointments), 0006 (dosing sessions), 0021 (at home).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fee_schedule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('modifiers', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('unit_label', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('ndc', 'text')
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('example_price', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('fee_schedule_price', sql`price_cents >= 0`)
    .execute();
  await db.schema
    .createIndex('fee_schedule_code')
    .on('fee_schedule')
    .columns(['code', 'effective_from'])
    .execute();

  await db.schema
    .createTable('charge_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
    .addColumn('dosing_session_id', 'text', (c) => c.references('dosing_sessions.id'))
    .addColumn('at_home_session_id', 'text', (c) => c.references('at_home_sessions.id'))
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('modifiers', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('diagnosis_codes', 'text', (c) => c.notNull())
    .addColumn('diagnosis_pointers', 'text', (c) => c.notNull())
    .addColumn('ndc', 'text')
    .addColumn('ndc_unit', 'text')
    .addColumn('ndc_quantity', 'double precision')
    .addColumn('place_of_service', 'text', (c) => c.notNull())
    .addColumn('rendering_clinician_id', 'text', (c) => c.references('users.id'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('rule_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reverses_id', 'text', (c) => c.references('charge_lines.id'))
    .addColumn('reason', 'text')
    .addColumn('fee_schedule_id', 'text', (c) => c.references('fee_schedule.id'))
    .addColumn('finalised_by', 'text', (c) => c.references('users.id'))
    .addColumn('finalised_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addCheckConstraint(
      'charge_lines_visit',
      sql`appointment_id is not null or dosing_session_id is not null or at_home_session_id is not null`,
    )
    .addCheckConstraint('charge_lines_state', sql`state in ('proposed', 'final')`)
    .addCheckConstraint('charge_lines_units', sql`units >= 1`)
    .execute();
  await db.schema
    .createIndex('charge_lines_patient')
    .on('charge_lines')
    .columns(['patient_id', 'service_date'])
    .execute();
  await db.schema
    .createIndex('charge_lines_appointment')
    .on('charge_lines')
    .column('appointment_id')
    .execute();
  await db.schema.createIndex('charge_lines_dosing').on('charge_lines').column('dosing_session_id').execute();
  await db.schema
    .createIndex('charge_lines_at_home')
    .on('charge_lines')
    .column('at_home_session_id')
    .execute();
  await db.schema
    .createIndex('charge_lines_state')
    .on('charge_lines')
    .columns(['state', 'service_date'])
    .execute();
  // One reversal per line: a second one would double the correction.
  await db.schema
    .createIndex('charge_lines_reverses')
    .on('charge_lines')
    .column('reverses_id')
    .unique()
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('reverses_id', 'text', (c) => c.references('payments.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'payments_amount',
      sql`(reverses_id is null and amount_cents > 0) or (reverses_id is not null and amount_cents < 0)`,
    )
    .execute();
  await db.schema.createIndex('payments_reverses').on('payments').column('reverses_id').unique().execute();
  await db.schema
    .createIndex('payments_patient')
    .on('payments')
    .columns(['patient_id', 'received_on'])
    .execute();

  await db.schema
    .createTable('payment_allocations')
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('charge_line_id', 'text', (c) => c.notNull().references('charge_lines.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_allocations_pk', ['payment_id', 'charge_line_id'])
    .addCheckConstraint('payment_allocations_amount', sql`amount_cents > 0`)
    .execute();
  await db.schema
    .createIndex('payment_allocations_charge')
    .on('payment_allocations')
    .column('charge_line_id')
    .execute();
  await makeAppendOnly(db, 'payments');
  await makeAppendOnly(db, 'payment_allocations');
  await lockFinalLines(db);
}

/** A final charge line is never changed or deleted, whatever the application does (the audit's word holds). */
async function lockFinalLines(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(`create or replace function liminal_charge_line_locked() returns trigger language plpgsql as $$
begin
  if old.state = 'final' then
    raise exception 'a final charge line is locked' using errcode = 'P0001';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;`)
      .execute(db);
    await sql
      .raw(
        'create trigger charge_lines_locked before update or delete on charge_lines for each row execute function liminal_charge_line_locked();',
      )
      .execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger charge_lines_locked_${op} before ${op} on charge_lines when old.state = 'final' begin select raise(abort, 'a final charge line is locked'); end;`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
