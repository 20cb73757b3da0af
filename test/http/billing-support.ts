/**
 * Visits for the billing tests, written straight into the tables (a completed IM, IV or esketamine visit with its
 * session and doses), so each test is about billing rather than the dosing flow that produced the record.
 */
import { randomUUID } from 'node:crypto';
import type { Agent, TestApp } from '../support/app';
import { courseRow, sessionRow } from '../support/rows';

export async function billingPatient(t: TestApp, desk: Agent, diagnoses = ['F33.2']) {
  const res = await desk.post('/api/patients', {
    firstName: 'Bill',
    lastName: `Able${randomUUID().slice(0, 4)}`,
    dateOfBirth: '1984-04-04',
    state: 'CA',
  });
  const id = res.json().id as string;
  let n = 0;
  for (const code of diagnoses)
    await t.db.handle.db
      .insertInto('patient_diagnoses')
      .values({
        id: randomUUID(),
        patient_id: id,
        code,
        display: `Diagnosis ${code}`,
        created_at: `2026-11-0${++n}T00:00:00.000Z`,
      })
      .execute();
  return id;
}

interface VisitOpts {
  type?: string; // appointment type code
  status?: string;
  startsAt?: string;
  minutes?: number;
  modality?: string;
  staff?: { userId: string; role: string }[];
  /** A dosing session on the day: its route and the administration entries { mg, phase, minute, suppliedElsewhere }. */
  session?: {
    route: string;
    doses: { mg: number; phase?: string; minute?: number; suppliedElsewhere?: boolean }[];
    monitoringMinutes?: number;
  };
}

/** A visit of the patient (completed unless said), and its dosing session when asked. */
export async function billingVisit(
  t: Pick<TestApp, 'db'>,
  patientId: string,
  createdBy: string,
  o: VisitOpts = {},
) {
  const db = t.db.handle.db;
  const type = await db
    .selectFrom('appointment_types')
    .select('id')
    .where('code', '=', o.type ?? 'dosing_im')
    .executeTakeFirstOrThrow();
  const startsAt = o.startsAt ?? '2026-12-01T17:00:00.000Z';
  const endsAt = new Date(Date.parse(startsAt) + (o.minutes ?? 120) * 60_000).toISOString();
  const id = randomUUID();
  await db
    .insertInto('appointments')
    .values({
      id,
      patient_id: patientId,
      enquiry_id: null,
      type_id: type.id,
      course_id: null,
      starts_at: startsAt,
      ends_at: endsAt,
      timezone: 'America/Los_Angeles',
      location_id: null,
      room_id: null,
      modality: o.modality ?? 'in_person',
      video_url: null,
      patient_location_state: 'CA',
      status: o.status ?? 'completed',
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: null,
      escort_name: null,
      escort_phone: null,
      confirmed_at: null,
      source: 'staff',
      booked_by: createdBy,
      sequence: 0,
      version: 1,
      created_at: startsAt,
      updated_at: startsAt,
    })
    .execute();
  for (const s of o.staff ?? [{ userId: createdBy, role: 'prescriber' }])
    await db
      .insertInto('appointment_staff')
      .values({ appointment_id: id, user_id: s.userId, role: s.role, hold: 'exclusive' })
      .execute();
  let sessionId: string | null = null;
  if (o.session) {
    const course = courseRow(patientId, createdBy, startsAt, { route: o.session.route });
    await db.insertInto('courses').values(course).execute();
    const first = new Date(Date.parse(startsAt) + 10 * 60_000).toISOString();
    const monitoring = o.session.monitoringMinutes ?? 90;
    const row = sessionRow({ id: course.id as string, patient_id: patientId }, createdBy, startsAt, {
      route: o.session.route,
      status: 'discharged',
      first_dose_at: first,
      discharged_at: new Date(Date.parse(first) + monitoring * 60_000).toISOString(),
      discharge: JSON.stringify({ totalMonitoringMinutes: monitoring }),
    });
    await db.insertInto('dosing_sessions').values(row).execute();
    sessionId = row.id as string;
    for (const d of o.session.doses)
      await db
        .insertInto('session_entries')
        .values({
          id: randomUUID(),
          session_id: sessionId,
          patient_id: patientId,
          kind: 'administration',
          at: new Date(Date.parse(first) + (d.minute ?? 0) * 60_000).toISOString(),
          data: JSON.stringify({
            kind: 'administration',
            mg: d.mg,
            phase: d.phase ?? 'bolus',
            suppliedElsewhere: d.suppliedElsewhere ?? null,
          }),
          alerts: '[]',
          corrects_id: null,
          idempotency_key: randomUUID(),
          recorded_by: createdBy,
          recorded_at: first,
        })
        .execute();
  }
  return { id, sessionId };
}
