import type { Expression } from 'kysely';
import { compiledPerShape } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { EventRow, SessionRow } from './repository';

/**
 * The at-home session's record, read for the FHIR API, the bulk export and the signed record: sessions with
 * the product of their order, their timeline events by kind, and the record's signature (an event of the
 * insert-only timeline, never a column that could change).
 */

/** The timeline event that signs a session's record (prescriber, after close). */
export const RECORD_SIGNED = 'record_signed';

/** A session with the ledger product and lot its order names (for the Medication the dose came from). */
export type SessionWithProduct = SessionRow & {
  product_name: string | null;
  product_ndc: string | null;
  product_form: string | null;
  lot_expires_on: string | null;
};

/** At-home sessions by patient and id (null: any), with their order's product and lot, in id order. */
export function atHomeSessionsWhere(
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
  o: { dosedOnly?: boolean } = {},
): Promise<SessionWithProduct[]> {
  return sessionsWhere(db, patientIds, ids, o.dosedOnly === true);
}
// Read by every FHIR Observation search (home readings) and progress view: compiled once per shape (issue #23).
const sessionsWhere = compiledPerShape(
  (db: Executor, patientIds: readonly string[] | null, ids: readonly string[] | null, dosedOnly: boolean) =>
    db
      .selectFrom('at_home_sessions as s')
      .leftJoin('ledger_products as p', 'p.id', 's.order_product_id')
      .selectAll('s')
      .select([
        'p.name as product_name',
        'p.ndc as product_ndc',
        'p.form as product_form',
        (eb) =>
          eb
            .selectFrom('ledger_lots as l')
            .select('l.expires_on')
            .whereRef('l.product_id', '=', 's.order_product_id')
            .whereRef('l.lot_number', '=', 's.order_lot_number')
            .orderBy('l.expires_on')
            .limit(1)
            .as('lot_expires_on'),
      ])
      .$if(patientIds !== null, (q) => q.where('s.patient_id', 'in', patientIds as string[]))
      .$if(ids !== null, (q) => q.where('s.id', 'in', ids as string[]))
      .$if(dosedOnly, (q) => q.where('s.dose_taken_at', 'is not', null))
      .orderBy('s.id'),
);

/** How many at-home sessions a patient has, as a subquery another statement selects (fhir/sources/facts.ts). */
export const atHomeSessionCount = (db: Executor, patientId: Expression<string>) =>
  db
    .selectFrom('at_home_sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('patient_id', '=', patientId);

const CHUNK = 500;

/** The events of these kinds in these sessions, in time order (read in chunks of sessions). */
export async function atHomeEventsOfSessions(
  db: Executor,
  sessionIds: readonly string[],
  kinds: readonly string[],
): Promise<EventRow[]> {
  const out: EventRow[] = [];
  for (let i = 0; i < sessionIds.length; i += CHUNK) {
    out.push(
      ...(await db
        .selectFrom('at_home_events')
        .selectAll()
        .where('session_id', 'in', sessionIds.slice(i, i + CHUNK))
        .where('kind', 'in', [...kinds])
        .orderBy('at')
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

/** Events by id (null: any) of these patients (null: any) and kinds: the id of a resource made from one event. */
export const atHomeEventsWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[],
  kinds: readonly string[],
) =>
  db
    .selectFrom('at_home_events')
    .selectAll()
    .where('id', 'in', [...ids])
    .where('kind', 'in', [...kinds])
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .orderBy('at')
    .execute();

/** Signed at-home records (the first signature of each session) by patient and session (null: any). */
export async function atHomeRecordSignatures(
  db: Executor,
  patientIds: readonly string[] | null,
  sessionIds: readonly string[] | null,
): Promise<{ session_id: string; patient_id: string; actor_id: string; at: string }[]> {
  const rows = await db
    .selectFrom('at_home_events')
    .select(['session_id', 'patient_id', 'actor_id', 'at'])
    .where('kind', '=', RECORD_SIGNED)
    .where('actor_id', 'is not', null)
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(sessionIds !== null, (q) => q.where('session_id', 'in', sessionIds as string[]))
    .orderBy('session_id')
    .orderBy('at')
    .execute();
  const first = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!first.has(r.session_id)) first.set(r.session_id, r);
  return [...first.values()].map((r) => ({ ...r, actor_id: r.actor_id as string }));
}

/** The sessions of these courses whose dose was taken, in session-number order (a course's progress). */
export const dosedAtHomeSessionsOfCourses = (db: Executor, courseIds: readonly string[]) =>
  db
    .selectFrom('at_home_sessions')
    .select(['id', 'course_id'])
    .where('course_id', 'in', [...courseIds])
    .where('dose_taken_at', 'is not', null)
    .orderBy('number')
    .execute();
