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
      | 'courses'
      | 'messages',
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
  // At-home sessions (issue #16): the session, its dose (and the product it came from), two Observations per home
  // reading (blood pressure, heart rate), the check-in once anything is answered, each check, each check-out, and
  // a signature on the record.
  const home = await byPatient(db.selectFrom('at_home_sessions').selectAll()).execute();
  const homeEvents = await byPatient(
    db
      .selectFrom('at_home_events')
      .select(['session_id', 'kind'])
      .where('kind', 'in', ['check_in', 'sitter_check', 'record_signed']),
  ).execute();
  const homeDoses = home.filter((s) => s.dose_taken_at !== null).length;
  const homeReadings = home.reduce((n, s) => n + JSON.parse(s.readings).length, 0);
  const homeResponses =
    home.filter(
      (s) =>
        s.mood !== null ||
        Boolean(s.intention) ||
        s.safety_answers !== '{}' ||
        s.readings !== '[]' ||
        Boolean(s.sitter_name),
    ).length +
    homeEvents.filter((e) => e.kind !== 'record_signed').length +
    home.filter((s) => s.patient_checked_out_at !== null).length +
    home.filter((s) => s.sitter_checked_out_at !== null).length;
  const homeSigned = new Set(homeEvents.filter((e) => e.kind === 'record_signed').map((e) => e.session_id))
    .size;
  // Billing (issue #22): a ChargeItem per charge line (reversals are not shown); a Claim per visit sent in a claim file.
  const chargeItems = await n(
    byPatient(
      db
        .selectFrom('charge_lines')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reverses_id', 'is', null),
    ),
  );
  const batched = await byPatient(
    db
      .selectFrom('claim_batch_lines as bl')
      .innerJoin('charge_lines as l', 'l.id', 'bl.charge_line_id')
      .select(['l.appointment_id', 'l.dosing_session_id', 'l.at_home_session_id']),
    'bl.patient_id',
  ).execute();
  const claims = new Set(batched.map((b) => b.appointment_id ?? b.dosing_session_id ?? b.at_home_session_id))
    .size;
  const out: Record<string, number> = {
    Patient: patientId
      ? 1
      : await n(db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n'))),
    Condition: await count('patient_diagnoses'),
    AllergyIntolerance: await count('patient_allergies'),
    MedicationStatement: await count('patient_medications'),
    Consent: await count('consent_signatures'),
    QuestionnaireResponse: (await count('measure_responses')) + homeResponses,
    Observation: (await count('measure_scores')) + vitals + 2 * homeReadings,
    Encounter:
      (await count('dosing_sessions')) + (await count('therapy_notes')) + consultations + home.length,
    MedicationAdministration: doses + homeDoses,
    Medication: doses + homeDoses,
    CarePlan: await count('courses'),
    Provenance: (await count('consent_signatures')) + signedNotes + signedSessions + homeSigned,
    // Messages with the care team (issue #17): one Communication per message.
    Communication: await count('messages'),
    // Journal entries (issue #17): staff receive shared ones only. A patient's own export holds their private
    // entries too; the fixtures' patients keep none private, so both counts agree here.
    DocumentReference: await n(
      byPatient(
        db
          .selectFrom('journal_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('shared', '=', 1),
      ),
    ),
    ...(chargeItems > 0 ? { ChargeItem: chargeItems } : {}),
    ...(claims > 0 ? { Claim: claims } : {}),
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
      // The instrument library and the four at-home forms.
      Questionnaire: SHIPPED_INSTRUMENTS.length + imported + 4,
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
