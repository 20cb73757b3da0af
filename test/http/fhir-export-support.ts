import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { SHIPPED_INSTRUMENTS } from '../../src/domain/instruments';
import type { Db } from '../../src/server/db/dialect';

/**
 * What an export must contain, counted straight from the tables (independently of the presenters), and a
 * poller for status URLs.
 */
export async function expectedCounts(db: Db, patientId?: string): Promise<Record<string, number>> {
  const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
    Number((await q.executeTakeFirstOrThrow()).n);
  const byPatient = <T extends { where: (...a: never[]) => T }>(q: T, col = 'patient_id'): T =>
    patientId ? (q.where as unknown as (c: string, o: string, v: string) => T)(col, '=', patientId) : q;
  const count = (
    table:
      | 'patient_diagnoses'
      | 'patient_allergies'
      | 'patient_medications'
      | 'consent_signatures'
      | 'measure_responses'
      | 'measure_scores'
      | 'dosing_sessions'
      | 'therapy_notes'
      | 'courses',
  ) => n(byPatient(db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))));
  const entries = await byPatient(
    db
      .selectFrom('session_entries')
      .select(['kind', 'data'])
      .where('kind', 'in', ['vitals', 'administration']),
  ).execute();
  let vitals = 0;
  let doses = 0;
  for (const e of entries) {
    const d = JSON.parse(e.data);
    if (e.kind === 'vitals') {
      const v = d.vitals ?? {};
      vitals +=
        (v.sbp !== undefined || v.dbp !== undefined ? 1 : 0) +
        (v.hr !== undefined ? 1 : 0) +
        (v.spo2 !== undefined ? 1 : 0) +
        (v.rr !== undefined ? 1 : 0);
    } else if (d.phase !== 'infusion_stop') doses++;
  }
  const consultations = await n(
    byPatient(
      db
        .selectFrom('appointments as a')
        .innerJoin('appointment_types as t', 't.id', 'a.type_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('t.category', '=', 'consultation')
        .where('a.patient_id', 'is not', null),
      'a.patient_id',
    ),
  );
  const signedNotes = await n(
    byPatient(
      db
        .selectFrom('therapy_notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('signed_at', 'is not', null),
    ),
  );
  const signedSessions = await n(
    byPatient(
      db
        .selectFrom('dosing_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('signed_at', 'is not', null),
    ),
  );
  const out: Record<string, number> = {
    Patient: patientId
      ? 1
      : await n(db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n'))),
    Condition: await count('patient_diagnoses'),
    AllergyIntolerance: await count('patient_allergies'),
    MedicationStatement: await count('patient_medications'),
    Consent: await count('consent_signatures'),
    QuestionnaireResponse: await count('measure_responses'),
    Observation: (await count('measure_scores')) + vitals,
    Encounter: (await count('dosing_sessions')) + (await count('therapy_notes')) + consultations,
    MedicationAdministration: doses,
    Medication: doses,
    CarePlan: await count('courses'),
    Provenance: (await count('consent_signatures')) + signedNotes + signedSessions,
  };
  if (!patientId) {
    const staff = await n(
      db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '!=', 'patient'),
    );
    const sites = await n(db.selectFrom('clinic_locations').select((eb) => eb.fn.countAll<number>().as('n')));
    const imported = await n(
      db
        .selectFrom('measure_instruments')
        .select((eb) => eb.fn.count<number>('instrument_id').distinct().as('n')),
    );
    Object.assign(out, {
      Practitioner: staff,
      PractitionerRole: staff,
      Organization: 1,
      Location: Math.max(1, sites),
      Questionnaire: SHIPPED_INSTRUMENTS.length + imported,
    });
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v > 0));
}

/** Polls a status URL until it stops answering 202; returns the final response and the progress seen. */
export async function poll(
  get: () => Promise<LightMyRequestResponse>,
): Promise<{ res: LightMyRequestResponse; progress: string[] }> {
  const progress: string[] = [];
  for (let i = 0; i < 500; i++) {
    const res = await get();
    if (res.statusCode !== 202) return { res, progress };
    expect(res.headers['x-progress']).toBeTruthy();
    progress.push(String(res.headers['x-progress']));
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the export did not finish');
}

/** NDJSON lines → resources, checking each line is one resource of the file's type. */
export function parseNdjson(body: string, type: string): { resourceType: string; id: string }[] {
  const lines = body.split('\n').filter(Boolean);
  const out = lines.map((l) => JSON.parse(l));
  for (const r of out) expect(r.resourceType).toBe(type);
  return out;
}
