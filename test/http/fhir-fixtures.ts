import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { HISTORY_KEYS } from '../../src/domain/screening';
import { seedDemo } from '../../src/server/seed/demo';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { licensedStaff } from '../support/dosing';
import { registerSecret } from '../support/secrets';

export { validationErrors } from './fhir-validate';

/**
 * Shared fixtures of the FHIR tests: the demo clinic plus patients taken through a real course of care by
 * the API (preparation, an IM dosing session with vitals, a correction and a ledger-tracked dose, an IV
 * infusion still running, integration, measures, a consultation visit), and a FHIR validator.
 */
export interface World {
  t: TestApp;
  prescriber: Agent;
  nurse: Agent;
  therapist: Agent;
  desk: Agent;
  admin: Agent;
  /** The patient taken through a full IM session. */
  dosed: {
    patientId: string;
    courseId: string;
    sessionId: string;
    correctedEntryId: string;
    lot: { lotNumber: string; expiresOn: string };
  };
  /** A patient whose IV infusion is still running. */
  infusing: { patientId: string; sessionId: string };
}

const key = () => `k-${randomUUID()}`;
const put = (a: Agent, url: string, payload: unknown) =>
  a.inject({ method: 'PUT', url, payload: payload as object });
const ok = async (p: Promise<{ statusCode: number; body: string }>, status = [200, 201]) => {
  const r = await p;
  expect(status, r.body).toContain(r.statusCode);
  return JSON.parse(r.body || '{}');
};
const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v]));
const gad7 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`gad7-${i + 1}`, v]));

export async function buildWorld(): Promise<World> {
  const t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  await seedDemo(t.ctx.db, t.clock);
  const { prescriber, nurse, therapist, desk, admin } = await licensedStaff(t, 'CA-FHIR-1');
  const w = { t, prescriber, nurse, therapist, desk, admin } as World;

  const ready = async (templateKey: string, route: string) => {
    const p = await ok(
      desk.post('/api/patients', {
        firstName: 'Fhir',
        lastName: `Dosed${randomUUID().slice(0, 4)}`,
        dateOfBirth: '1984-04-04',
        state: 'CA',
        email: `f.${randomUUID().slice(0, 6)}@example.test`,
        sexAtBirth: 'female',
        addressLine1: '1 Main St',
        city: 'Oakland',
        postalCode: '94607',
      }),
    );
    await ok(
      put(prescriber, `/api/patients/${p.id}/clinical`, {
        pregnancyStatus: 'not_pregnant',
        breastfeeding: false,
        history: Object.fromEntries(
          HISTORY_KEYS.filter((k) => k !== 'on_mood_stabiliser').map((k) => [k, false]),
        ),
        plannedRoute: route,
        plannedSetting: 'in_clinic',
        medications: [{ name: 'Sertraline', dose: '50 mg daily' }],
        diagnoses: [{ code: 'F33.2', display: 'Major depressive disorder, recurrent, severe' }],
        allergies: [{ substance: 'Penicillin', reaction: 'Hives' }],
        weightKg: 70,
      }),
    );
    await ok(
      put(desk, `/api/patients/${p.id}/care-team`, {
        members: [
          { userId: prescriber.userId, role: 'prescriber' },
          { userId: nurse.userId, role: 'nurse' },
          { userId: therapist.userId, role: 'therapist' },
        ],
      }),
    );
    await ok(prescriber.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'cleared' }));
    const doc = (await nurse.get('/api/consent/documents')).json().documents[0];
    await ok(
      nurse.post(`/api/patients/${p.id}/consents`, {
        documentId: doc.id,
        signedName: 'Fhir Dosed',
        witnessUserId: desk.userId,
      }),
    );
    const course = await ok(
      prescriber.post(`/api/patients/${p.id}/courses`, {
        templateKey,
        indications: ['Treatment-resistant depression'],
      }),
    );
    const note = await ok(
      therapist.post(`/api/patients/${p.id}/courses/${course.id}/notes`, {
        kind: 'preparation',
        sessionDate: '2026-11-20',
      }),
    );
    await ok(
      put(therapist, `/api/patients/${p.id}/notes/${note.id}`, {
        version: note.version,
        content: { intentions: 'Be kinder to myself' },
      }),
    );
    await ok(therapist.post(`/api/patients/${p.id}/notes/${note.id}/sign`));
    const sid = (await ok(nurse.post(`/api/patients/${p.id}/courses/${course.id}/sessions`, {})))
      .id as string;
    const base = `/api/patients/${p.id}/sessions/${sid}`;
    await ok(
      put(nurse, `${base}/checklist`, {
        fasting: true,
        escortName: 'Alex Example',
        rideArranged: true,
        medicationsSinceLastVisit: 'none',
        pregnancyStatus: 'not_pregnant',
        weightKg: 80,
      }),
    );
    return { patientId: p.id as string, courseId: course.id as string, sid, base };
  };
  const vitals = (base: string, v: Record<string, number>, extra: Record<string, unknown> = {}) =>
    ok(
      nurse.post(`${base}/entries`, {
        idempotencyKey: key(),
        entry: { kind: 'vitals', vitals: v },
        ...extra,
      }),
    );

  // IM: full session, with a corrected reading, a dose from a ledger container, discharge and signature.
  const im = await ready('im_kap', 'im');
  await vitals(im.base, { sbp: 128, dbp: 82, hr: 74, spo2: 98, rr: 14 });
  await ok(prescriber.post(`${im.base}/order`, { mgPerKg: 0.75, acknowledgeWarnings: true }));
  // A vial from the demo clinic's stock (the seed received it), so the dose is tracked in the ledger.
  const vial = await t.ctx.db
    .selectFrom('ledger_containers as c')
    .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
    .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
    .select(['c.id', 'l.lot_number', 'l.expires_on'])
    .where('p.substance', '=', 'ketamine')
    .where('p.form', '=', 'solution')
    .where('c.balance_ug', '>=', 60_000)
    .where('l.expires_on', '>', '2027-01-01')
    .orderBy('c.balance_ug', 'desc')
    .executeTakeFirstOrThrow();
  await ok(
    nurse.post(`${im.base}/administrations`, {
      idempotencyKey: key(),
      mg: 60,
      site: 'left deltoid',
      phase: 'bolus',
      containerId: vial.id,
    }),
  );
  t.clock.advanceMinutes(15);
  const wrong = await vitals(im.base, { sbp: 210, dbp: 95, hr: 90, spo2: 97 });
  await vitals(im.base, { sbp: 150, dbp: 95, hr: 90, spo2: 97 }, { correctsId: wrong.id });
  t.clock.advanceMinutes(75);
  await vitals(im.base, { sbp: 126, dbp: 80, hr: 72, spo2: 98, rr: 12 });
  await ok(
    nurse.post(`${im.base}/entries`, { idempotencyKey: key(), entry: { kind: 'sedation', moaas: 5 } }),
  );
  await ok(
    nurse.post(`${im.base}/discharge`, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Alex Example',
      acknowledgedNoDriving: true,
      readyToLeaveAt: t.clock.now().toISOString(),
    }),
  );
  await ok(prescriber.post(`${im.base}/sign`));
  const integ = await ok(
    therapist.post(`/api/patients/${im.patientId}/courses/${im.courseId}/notes`, {
      kind: 'integration',
      sessionDate: '2026-11-26',
      dosingSessionId: im.sid,
    }),
  );
  await ok(
    put(therapist, `/api/patients/${im.patientId}/notes/${integ.id}`, {
      version: integ.version,
      content: { insights: 'Felt spacious' },
    }),
  );
  await ok(therapist.post(`/api/patients/${im.patientId}/notes/${integ.id}/sign`));
  for (const [instrument, answers] of [
    ['phq9', phq9([2, 2, 1, 1, 1, 1, 1, 0, 0])],
    ['gad7', gad7([1, 1, 2, 1, 0, 1, 1])],
  ] as const) {
    const a = await ok(
      nurse.post(`/api/patients/${im.patientId}/measures/assign`, {
        instrumentIds: [instrument],
        schedule: { kind: 'once' },
      }),
    );
    await ok(
      nurse.post(`/api/patients/${im.patientId}/measures/${a.assignments[0].id}/responses`, { answers }),
    );
  }
  w.dosed = {
    patientId: im.patientId,
    courseId: im.courseId,
    sessionId: im.sid,
    correctedEntryId: wrong.id,
    lot: { lotNumber: vial.lot_number, expiresOn: vial.expires_on },
  };

  // IV: an infusion started and stopped, the patient still being monitored.
  const iv = await ready('iv_series', 'iv');
  await vitals(iv.base, { sbp: 122, dbp: 78, hr: 70, spo2: 99 });
  await ok(
    prescriber.post(`${iv.base}/order`, { mgPerKg: 0.5, infusionMinutes: 40, acknowledgeWarnings: true }),
  );
  await ok(
    nurse.post(`${iv.base}/administrations`, {
      idempotencyKey: key(),
      mg: 40,
      phase: 'infusion_start',
      lot: 'IV-LOT-2',
      suppliedElsewhere: { source: 'Hospital pharmacy infusion bag' },
    }),
  );
  t.clock.advanceMinutes(40);
  await ok(
    nurse.post(`${iv.base}/administrations`, { idempotencyKey: key(), mg: 40, phase: 'infusion_stop' }),
  );
  w.infusing = { patientId: iv.patientId, sessionId: iv.sid };

  // A consultation visit at a clinic site (scheduling tables), written directly.
  const now = t.clock.now().toISOString();
  const site = randomUUID();
  await t.ctx.db
    .insertInto('clinic_locations')
    .values({
      id: site,
      name: 'Oakland',
      address_line1: '2 Lake St',
      address_line2: null,
      city: 'Oakland',
      state: 'CA',
      postal_code: '94610',
      phone: '(555) 010-2000',
      timezone: 'America/Los_Angeles',
      esketamine_certified: 1,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const type = await t.ctx.db
    .selectFrom('appointment_types')
    .select('id')
    .where('category', '=', 'consultation')
    .executeTakeFirstOrThrow();
  const visit = randomUUID();
  await t.ctx.db
    .insertInto('appointments')
    .values({
      id: visit,
      patient_id: im.patientId,
      enquiry_id: null,
      type_id: type.id,
      course_id: null,
      starts_at: '2026-11-18T17:00:00.000Z',
      ends_at: '2026-11-18T18:00:00.000Z',
      timezone: 'America/Los_Angeles',
      location_id: site,
      room_id: null,
      modality: 'in_person',
      video_url: null,
      patient_location_state: 'CA',
      status: 'completed',
      cancel_reason: null,
      cancelled_by: null,
      cancelled_by_kind: null,
      late_cancel: 0,
      status_changed_at: null,
      escort_name: null,
      escort_phone: null,
      confirmed_at: null,
      source: 'staff',
      booked_by: prescriber.userId,
      sequence: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    } as never)
    .execute();
  await t.ctx.db
    .insertInto('appointment_staff')
    .values({ appointment_id: visit, user_id: prescriber.userId, role: 'prescriber', hold: 'exclusive' })
    .execute();
  // A journal entry the patient shared with their care team (issue #17): a DocumentReference.
  const phone = await t.loginAs('patient', { patientId: im.patientId });
  const entry = await phone.post('/api/portal/journal', {
    kind: 'reflection',
    body: 'Felt lighter after the session.',
  });
  expect(entry.statusCode, entry.body).toBe(201);
  const shared = await phone.post(`/api/portal/journal/${entry.json().entry.id}/share`, {});
  expect(shared.statusCode, shared.body).toBe(200);
  // The demo's esketamine visits sent in an 837P claim file (issue #22): each a Claim.
  const claims = await admin.post('/api/billing/claims', { from: '2000-01-01', to: '2099-12-31' });
  expect(claims.statusCode, claims.body).toBe(201);
  return w;
}

export const fhirGet = (a: Agent | { inject: Agent['inject'] }, url: string) =>
  a.inject({ method: 'GET', url, headers: { accept: 'application/fhir+json' } });
export const bearerGet = (t: TestApp, token: string, url: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
  });

/** Follows `next` links to collect every match of a search. */
export async function searchAll(
  get: (url: string) => Promise<{ statusCode: number; body: string }>,
  url: string,
): Promise<Resource[]> {
  const out: Resource[] = [];
  let next: string | undefined = url;
  for (let i = 0; next && i < 200; i++) {
    const res = await get(next);
    expect(res.statusCode, res.body).toBe(200);
    const b = JSON.parse(res.body) as Bundle;
    out.push(...(b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as Resource));
    const link = b.link?.find((l) => l.relation === 'next')?.url;
    next = link ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return out;
}

export async function auditCount(t: TestApp): Promise<number> {
  const r = await t.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function createClient(
  w: World,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string; token: string }> {
  const res = await w.admin.post('/api/admin/api-clients', body);
  expect(res.statusCode, res.body).toBe(201);
  const { client, clientSecret } = res.json();
  const tok = await w.t.app.inject({
    method: 'POST',
    url: '/fhir/R4/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: clientSecret,
    }).toString(),
  });
  expect(tok.statusCode, tok.body).toBe(200);
  registerSecret(clientSecret);
  registerSecret(tok.json().access_token);
  return { id: client.id, secret: clientSecret, token: tok.json().access_token };
}
