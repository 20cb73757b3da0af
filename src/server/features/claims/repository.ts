import type { Executor } from '../../db/dialect';
import type {
  BillingCliniciansTable,
  BillingPracticeTable,
  ClaimBatchesTable,
  PatientCoverageTable,
} from '../../db/schema';

/**
 * Every query on billing_practice, billing_clinicians, patient_coverage and claim_batches (migration 0028), and
 * the reads of other features' tables that superbills and claim files need (appointments, types, users,
 * diagnoses). Charge lines and payments are read through features/billing's index.
 */
export type PracticeRow = BillingPracticeTable;
export type CoverageRow = PatientCoverageTable;
export type BatchRow = ClaimBatchesTable;

export const PRACTICE_ID = 'practice';

export const practiceRow = (db: Executor) =>
  db.selectFrom('billing_practice').selectAll().where('id', '=', PRACTICE_ID).executeTakeFirst();

export async function savePractice(db: Executor, row: PracticeRow, expectedVersion: number | null) {
  if (expectedVersion === null) {
    await db.insertInto('billing_practice').values(row).execute();
    return 1;
  }
  const { id: _id, ...patch } = row;
  const r = await db
    .updateTable('billing_practice')
    .set(patch)
    .where('id', '=', PRACTICE_ID)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Staff who render services (prescribers, nurses, therapists), with their billing NPI where set. */
export const billingClinicians = (db: Executor) =>
  db
    .selectFrom('users')
    .leftJoin('billing_clinicians as b', 'b.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.role', 'b.npi', 'b.taxonomy', 'b.credentials'])
    .where('users.role', 'in', ['prescriber', 'nurse', 'therapist'])
    .where('users.status', '!=', 'disabled')
    .orderBy('users.name')
    .execute();

export const userById = (db: Executor, id: string) =>
  db.selectFrom('users').select(['id', 'name', 'role', 'status']).where('id', '=', id).executeTakeFirst();

export const clinicianRows = async (db: Executor, userIds: string[]) => {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .leftJoin('billing_clinicians as b', 'b.user_id', 'users.id')
    .select(['users.id', 'users.name', 'b.npi', 'b.taxonomy', 'b.credentials'])
    .where('users.id', 'in', userIds)
    .execute();
};

export async function saveClinician(db: Executor, row: BillingCliniciansTable) {
  const { user_id, ...patch } = row;
  const r = await db
    .updateTable('billing_clinicians')
    .set(patch)
    .where('user_id', '=', user_id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('billing_clinicians').values(row).execute();
}

export const coverageOf = (db: Executor, patientId: string) =>
  db.selectFrom('patient_coverage').selectAll().where('patient_id', '=', patientId).executeTakeFirst();

export const coverageOfPatients = async (db: Executor, patientIds: string[]) =>
  patientIds.length === 0
    ? []
    : db.selectFrom('patient_coverage').selectAll().where('patient_id', 'in', patientIds).execute();

export async function saveCoverage(db: Executor, row: CoverageRow) {
  const { patient_id, ...patch } = row;
  const r = await db
    .updateTable('patient_coverage')
    .set(patch)
    .where('patient_id', '=', patient_id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('patient_coverage').values(row).execute();
}

export const activeAppointmentTypes = (db: Executor) =>
  db
    .selectFrom('appointment_types')
    .select(['id', 'name', 'patient_label'])
    .where('active', '=', 1)
    .orderBy('name')
    .execute();

/** The appointments behind a set of visits, with their type (superbill: visit type, modality). */
export const appointmentsWithType = async (db: Executor, ids: string[]) =>
  ids.length === 0
    ? []
    : db
        .selectFrom('appointments as a')
        .innerJoin('appointment_types as t', 't.id', 'a.type_id')
        .select(['a.id', 'a.type_id', 'a.modality', 't.name', 't.patient_label'])
        .where('a.id', 'in', ids)
        .execute();

export const patientsByIds = async (db: Executor, ids: string[]) =>
  ids.length === 0
    ? []
    : db
        .selectFrom('patients')
        .select([
          'id',
          'first_name',
          'last_name',
          'date_of_birth',
          'sex_at_birth',
          'email',
          'phone',
          'address_line1',
          'address_line2',
          'city',
          'state',
          'postal_code',
        ])
        .where('id', 'in', ids)
        .execute();

export const diagnosesOf = (db: Executor, patientId: string) =>
  db
    .selectFrom('patient_diagnoses')
    .select(['code', 'display'])
    .where('patient_id', '=', patientId)
    .execute();

/** The portal account's email address of a patient (where the superbill link goes). */
export const portalEmailOf = async (db: Executor, patientId: string) =>
  (
    await db
      .selectFrom('users')
      .select('email')
      .where('patient_id', '=', patientId)
      .where('role', '=', 'patient')
      .where('status', '=', 'active')
      .executeTakeFirst()
  )?.email ?? null;

// ── claim batches ──

export const lastControlNumber = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('claim_batches')
        .select((eb) => eb.fn.max<number | string | null>('control_number').as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );

export const insertBatch = (db: Executor, row: BatchRow) =>
  db.insertInto('claim_batches').values(row).execute();

export const insertBatchLines = async (
  db: Executor,
  rows: { batch_id: string; charge_line_id: string; patient_id: string }[],
) => {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('claim_batch_lines')
      .values(rows.slice(i, i + 200))
      .execute();
};

/** Which of these lines an earlier batch already carried. */
export const batchedLines = async (db: Executor, lineIds: string[]) => {
  const out = new Set<string>();
  for (let i = 0; i < lineIds.length; i += 500) {
    const rows = await db
      .selectFrom('claim_batch_lines')
      .select('charge_line_id')
      .where('charge_line_id', 'in', lineIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.charge_line_id);
  }
  return out;
};

export const batchList = (db: Executor) =>
  db
    .selectFrom('claim_batches as b')
    .innerJoin('users as u', 'u.id', 'b.created_by')
    .select([
      'b.id',
      'b.control_number',
      'b.from_date',
      'b.to_date',
      'b.claim_count',
      'b.total_cents',
      'b.usage',
      'b.created_at',
      'u.name as created_by_name',
    ])
    .orderBy('b.control_number', 'desc')
    .execute();

export const batchById = (db: Executor, id: string) =>
  db.selectFrom('claim_batches').selectAll().where('id', '=', id).executeTakeFirst();

export const linesOfBatch = async (db: Executor, batchId: string) =>
  await db
    .selectFrom('claim_batch_lines')
    .select(['charge_line_id', 'patient_id'])
    .where('batch_id', '=', batchId)
    .execute();

export const batchesOfLines = async (db: Executor, lineIds: string[]) =>
  lineIds.length === 0
    ? []
    : db
        .selectFrom('claim_batch_lines')
        .select(['batch_id', 'charge_line_id'])
        .where('charge_line_id', 'in', lineIds)
        .execute();

// ── FHIR (ChargeItem per charge line, Claim per visit in a batch) ──

/** Charge lines (not reversals) for FHIR: given patients (null: all) and line ids (null: all). */
export const chargeLinesWhere = async (db: Executor, patientIds: string[] | null, ids: string[] | null) =>
  (patientIds && patientIds.length === 0) || (ids && ids.length === 0)
    ? []
    : db
        .selectFrom('charge_lines')
        .selectAll()
        .where('reverses_id', 'is', null)
        .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
        .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
        .orderBy('service_date')
        .orderBy('seq')
        .orderBy('id')
        .execute();

/** Line ids that a reversal names (a reversed line). */
export const reversedAmong = async (db: Executor, lineIds: string[]) => {
  const out = new Set<string>();
  for (let i = 0; i < lineIds.length; i += 500) {
    const rows = await db
      .selectFrom('charge_lines')
      .select('reverses_id')
      .where('reverses_id', 'in', lineIds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.reverses_id) out.add(r.reverses_id);
  }
  return out;
};

/** The batched lines with their batch, for Claim: given patients (null: all). */
export const batchedLinesWhere = async (db: Executor, patientIds: string[] | null) =>
  patientIds && patientIds.length === 0
    ? []
    : db
        .selectFrom('claim_batch_lines as bl')
        .innerJoin('claim_batches as b', 'b.id', 'bl.batch_id')
        .innerJoin('charge_lines as l', 'l.id', 'bl.charge_line_id')
        .selectAll('l')
        .select(['b.id as batch_id', 'b.control_number', 'b.created_at as batch_created_at'])
        .$if(patientIds !== null, (q) => q.where('bl.patient_id', 'in', patientIds as string[]))
        .orderBy('b.control_number')
        .orderBy('l.service_date')
        .orderBy('l.seq')
        .execute();

/** The demo seed only: a fictional postal address for a demo patient who has none (claim files need one). */
export const setDemoAddress = (
  db: Executor,
  patientId: string,
  line1: string,
  city: string,
  postalCode: string,
) =>
  db
    .updateTable('patients')
    .set({ address_line1: line1, city, postal_code: postalCode })
    .where('id', '=', patientId)
    .where('address_line1', 'is', null)
    .execute();
