import { type Executor, isPostgres } from '../../db/dialect';
import type {
  ChargeLinesTable,
  FeeScheduleTable,
  PaymentAllocationsTable,
  PaymentsTable,
} from '../../db/schema';

/**
 * Every query on fee_schedule, charge_lines, payments and payment_allocations (issue #22; migration 0027).
 * The read functions near the top are what other features (superbill, claim file, CSV, FHIR) use through
 * index.ts: they return charge lines with their JSON lists parsed.
 */

export type FeeRow = FeeScheduleTable;
export type ChargeLineRow = ChargeLinesTable;
export type PaymentRow = PaymentsTable;
export type AllocationRow = PaymentAllocationsTable;

/** A charge line with its lists parsed (modifiers, ICD-10 codes, 1-based pointers into them). */
export interface ChargeLine
  extends Omit<ChargeLineRow, 'modifiers' | 'diagnosis_codes' | 'diagnosis_pointers' | 'ndc_quantity'> {
  modifiers: string[];
  diagnosis_codes: string[];
  diagnosis_pointers: number[];
  ndc_quantity: number | null;
}

const parseList = <T>(text: string): T[] => {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
};

export const toChargeLine = (r: ChargeLineRow): ChargeLine => ({
  ...r,
  units: Number(r.units),
  seq: Number(r.seq),
  unit_price_cents: Number(r.unit_price_cents),
  amount_cents: Number(r.amount_cents),
  version: Number(r.version),
  ndc_quantity: r.ndc_quantity === null ? null : Number(r.ndc_quantity),
  modifiers: parseList<string>(r.modifiers),
  diagnosis_codes: parseList<string>(r.diagnosis_codes),
  diagnosis_pointers: parseList<number>(r.diagnosis_pointers),
});

/** The visit a line bills, as one key: the appointment, else the dosing session, else the at-home session. */
export const visitKeyOf = (
  l: Pick<ChargeLineRow, 'appointment_id' | 'dosing_session_id' | 'at_home_session_id'>,
) => (l.appointment_id ?? l.dosing_session_id ?? l.at_home_session_id) as string;

const lines = (db: Executor) => db.selectFrom('charge_lines').selectAll();
const ordered = (q: ReturnType<typeof lines>) =>
  q.orderBy('service_date').orderBy('created_at').orderBy('seq').orderBy('id');

/** All lines (proposed and final, reversals included) of one visit, given any of its three ids. */
export const chargesOfVisit = async (db: Executor, visitId: string): Promise<ChargeLine[]> =>
  (
    await ordered(
      lines(db).where((eb) =>
        eb.or([
          eb('appointment_id', '=', visitId),
          eb('dosing_session_id', '=', visitId),
          eb('at_home_session_id', '=', visitId),
        ]),
      ),
    ).execute()
  ).map(toChargeLine);

/** A patient's lines with dates of service in [from, to] (inclusive 'YYYY-MM-DD'; either may be omitted). */
export const chargesOfPatient = async (
  db: Executor,
  patientId: string,
  range: { from?: string; to?: string; finalOnly?: boolean } = {},
): Promise<ChargeLine[]> =>
  (
    await ordered(
      lines(db)
        .where('patient_id', '=', patientId)
        .$if(range.from !== undefined, (q) => q.where('service_date', '>=', range.from as string))
        .$if(range.to !== undefined, (q) => q.where('service_date', '<=', range.to as string))
        .$if(range.finalOnly === true, (q) => q.where('state', '=', 'final')),
    ).execute()
  ).map(toChargeLine);

/**
 * The final lines (reversals included: they sum a reversed line to zero) of a set of visits, each given by any of
 * its ids, ordered by patient, date and line order: what a claim batch or a CSV export reads.
 */
export const finalChargesOfVisits = async (db: Executor, visitIds: string[]): Promise<ChargeLine[]> => {
  if (visitIds.length === 0) return [];
  const rows = await lines(db)
    .where('state', '=', 'final')
    .where((eb) =>
      eb.or([
        eb('appointment_id', 'in', visitIds),
        eb('dosing_session_id', 'in', visitIds),
        eb('at_home_session_id', 'in', visitIds),
      ]),
    )
    .orderBy('patient_id')
    .orderBy('service_date')
    .orderBy('seq')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toChargeLine);
};

/** Final lines with dates of service in [from, to] across patients (the accounting CSV). */
export const finalChargesBetween = async (db: Executor, from: string, to: string): Promise<ChargeLine[]> =>
  (
    await lines(db)
      .where('state', '=', 'final')
      .where('service_date', '>=', from)
      .where('service_date', '<=', to)
      .orderBy('service_date')
      .orderBy('patient_id')
      .orderBy('seq')
      .orderBy('id')
      .execute()
  ).map(toChargeLine);

export const chargeLineById = async (db: Executor, id: string): Promise<ChargeLine | undefined> => {
  const r = await lines(db).where('id', '=', id).executeTakeFirst();
  return r ? toChargeLine(r) : undefined;
};

/** One line, locked for the change that follows on PostgreSQL. */
export const chargeLineForUpdate = async (db: Executor, id: string): Promise<ChargeLine | undefined> => {
  const r = await lines(db)
    .where('id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
  return r ? toChargeLine(r) : undefined;
};

/** The reversal of a line, if any. */
export const reversalOf = (db: Executor, lineId: string) =>
  lines(db).where('reverses_id', '=', lineId).executeTakeFirst();

/** A patient's payments (voids included), oldest first, with what each was allocated to. */
export const paymentsOfPatient = async (db: Executor, patientId: string) => {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('received_on')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  const allocations = await db
    .selectFrom('payment_allocations')
    .selectAll()
    .where('patient_id', '=', patientId)
    .execute();
  return rows.map((p) => ({
    ...p,
    amount_cents: Number(p.amount_cents),
    allocations: allocations
      .filter((a) => a.payment_id === p.id)
      .map((a) => ({ charge_line_id: a.charge_line_id, amount_cents: Number(a.amount_cents) })),
  }));
};
export type PaymentWithAllocations = Awaited<ReturnType<typeof paymentsOfPatient>>[number];

export const paymentById = (db: Executor, id: string) =>
  db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();

/** Charged (Σ final lines), paid (Σ payments, voids netted) and balance = charged − paid, in cents. */
export const balanceOfPatient = async (db: Executor, patientId: string) => {
  const charged = await db
    .selectFrom('charge_lines')
    .select((eb) => eb.fn.sum<string | number | null>('amount_cents').as('total'))
    .where('patient_id', '=', patientId)
    .where('state', '=', 'final')
    .executeTakeFirst();
  const paid = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.sum<string | number | null>('amount_cents').as('total'))
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  const chargedCents = Number(charged?.total ?? 0);
  const paidCents = Number(paid?.total ?? 0);
  return { chargedCents, paidCents, balanceCents: chargedCents - paidCents };
};

/** Σ allocated to each of these lines by payments not voided (cents), for "paid" per line. */
export const allocatedToLines = async (db: Executor, lineIds: string[]) => {
  if (lineIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('payment_allocations')
    .select(['charge_line_id', (eb) => eb.fn.sum<string | number>('amount_cents').as('total')])
    .where('charge_line_id', 'in', lineIds)
    // A voided payment pays nothing.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('payments as v')
            .select('v.id')
            .whereRef('v.reverses_id', '=', 'payment_allocations.payment_id'),
        ),
      ),
    )
    .groupBy('charge_line_id')
    .execute();
  return new Map(rows.map((r) => [r.charge_line_id, Number(r.total)]));
};

// ── fee schedule ──

export const feeScheduleRows = (db: Executor) =>
  db
    .selectFrom('fee_schedule')
    .selectAll()
    .orderBy('code')
    .orderBy('modifiers')
    .orderBy('effective_from', 'desc')
    .execute();

/** Active rows whose window holds `date` ('YYYY-MM-DD'). */
export const feeScheduleOn = (db: Executor, date: string) =>
  db
    .selectFrom('fee_schedule')
    .selectAll()
    .where('active', '=', 1)
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('code')
    .execute();

export const feeById = (db: Executor, id: string) =>
  db.selectFrom('fee_schedule').selectAll().where('id', '=', id).executeTakeFirst();

export const insertFee = (db: Executor, row: FeeRow) => db.insertInto('fee_schedule').values(row).execute();

export const updateFee = (db: Executor, id: string, version: number, patch: Partial<Omit<FeeRow, 'id'>>) =>
  db
    .updateTable('fee_schedule')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();

export const countFees = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('fee_schedule')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );

// ── writes on lines and payments ──

export const insertChargeLine = (db: Executor, row: ChargeLineRow) =>
  db.insertInto('charge_lines').values(row).execute();

export const updateChargeLine = (
  db: Executor,
  id: string,
  version: number,
  patch: Partial<Omit<ChargeLineRow, 'id' | 'patient_id'>>,
) =>
  db
    .updateTable('charge_lines')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'proposed')
    .executeTakeFirst();

/** Only a proposed line can go (the database refuses a final one). */
export const deleteProposedLine = (db: Executor, id: string) =>
  db.deleteFrom('charge_lines').where('id', '=', id).where('state', '=', 'proposed').executeTakeFirst();

export const insertPayment = (db: Executor, row: PaymentRow) =>
  db.insertInto('payments').values(row).execute();

export const insertAllocation = (db: Executor, row: AllocationRow) =>
  db.insertInto('payment_allocations').values(row).execute();
