/**
 * HTTP-tier helpers for dosing sessions: a patient who passes the readiness gate, a session with a signed
 * order, and controlled stock in a safe (received through the ledger API).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { HISTORY_KEYS } from '../../src/domain/screening';
import type { Agent, TestApp } from './app';

export interface Staff {
  prescriber: Agent;
  nurse: Agent;
  therapist: Agent;
  desk: Agent;
  admin: Agent;
}

/** The five staff roles signed in. */
export async function signedInStaff(t: TestApp): Promise<Staff> {
  const [prescriber, nurse, therapist, desk, admin] = await Promise.all([
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('front_desk'),
    t.loginAs('admin'),
  ]);
  return { prescriber, nurse, therapist, desk, admin };
}

/** The five staff roles signed in, the prescriber licensed in California (`number` names the licence). */
export async function licensedStaff(t: TestApp, number: string): Promise<Staff> {
  const s = await signedInStaff(t);
  const licence = await s.admin.post(`/api/admin/users/${s.prescriber.userId}/licences`, {
    state: 'CA',
    licenceType: 'MD',
    number,
    expiresOn: '2030-01-01',
  });
  expect([200, 201], licence.body).toContain(licence.statusCode);
  return s;
}

export const key = () => `k-${randomUUID()}`;
export const put = (a: Agent, url: string, payload: unknown) =>
  a.inject({ method: 'PUT', url, payload: payload as object });

const ROUTE_OF: Record<string, string> = {
  esketamine: 'esketamine',
  iv_series: 'iv',
  im_kap: 'im',
  at_home_sl: 'sublingual',
};

/**
 * A patient ready for a dosing session on a course of `templateKey` (cleared, consented, prepared, a licensed
 * prescriber on the care team, REMS enrolment recorded): every readiness item met except those named in `skip`
 * (`licensed_prescriber`, `screening_cleared`, `consent_current`, `rems_enrolled`, `preparation_signed`).
 */
export async function readyPatient(s: Staff, templateKey = 'im_kap', skip: string[] = []) {
  const p = (
    await s.desk.post('/api/patients', {
      firstName: 'Dose',
      lastName: `Ready${randomUUID().slice(0, 4)}`,
      dateOfBirth: '1985-05-05',
      state: 'CA',
      email: `d.${randomUUID().slice(0, 6)}@example.test`,
    })
  ).json();
  const route = ROUTE_OF[templateKey] ?? 'im';
  const history = Object.fromEntries(
    HISTORY_KEYS.filter((k) => k !== 'on_mood_stabiliser').map((k) => [k, false]),
  );
  await put(s.prescriber, `/api/patients/${p.id}/clinical`, {
    pregnancyStatus: 'not_pregnant',
    breastfeeding: false,
    history,
    plannedRoute: route,
    plannedSetting: 'in_clinic',
    medications: [],
    weightKg: 70,
  });
  if (!skip.includes('licensed_prescriber'))
    await put(s.desk, `/api/patients/${p.id}/care-team`, {
      members: [
        { userId: s.prescriber.userId, role: 'prescriber' },
        { userId: s.nurse.userId, role: 'nurse' },
        { userId: s.therapist.userId, role: 'therapist' },
      ],
    });
  if (!skip.includes('screening_cleared'))
    expect(
      (await s.prescriber.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'cleared' }))
        .statusCode,
    ).toBe(201);
  if (!skip.includes('consent_current')) {
    const doc = (await s.nurse.get('/api/consent/documents')).json().documents[0];
    expect(
      (
        await s.nurse.post(`/api/patients/${p.id}/consents`, {
          documentId: doc.id,
          signedName: 'Dose Ready',
          witnessUserId: s.desk.userId,
        })
      ).statusCode,
    ).toBe(201);
  }
  const course = await s.prescriber.post(`/api/patients/${p.id}/courses`, {
    templateKey,
    indications: ['Treatment-resistant depression'],
    remsEnrolled: !skip.includes('rems_enrolled'),
  });
  expect(course.statusCode, course.body).toBe(201);
  const courseId = course.json().id as string;
  if (!skip.includes('preparation_signed')) {
    const note = (
      await s.therapist.post(`/api/patients/${p.id}/courses/${courseId}/notes`, {
        kind: 'preparation',
        sessionDate: '2026-11-20',
      })
    ).json();
    expect(
      (
        await put(s.therapist, `/api/patients/${p.id}/notes/${note.id}`, {
          version: note.version,
          content: { intentions: 'To soften self-criticism', goals: 'Return to work' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await s.therapist.post(`/api/patients/${p.id}/notes/${note.id}/sign`)).statusCode).toBe(200);
  }
  return { patientId: p.id as string, courseId };
}

/** A session started, checked, with baseline vitals and a signed order: ready for the dose. */
export async function orderedSession(s: Staff, templateKey: string, order: Record<string, unknown>) {
  const { patientId, courseId } = await readyPatient(s, templateKey);
  const start = await s.nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
  expect(start.statusCode, start.body).toBe(201);
  const sid = start.json().id as string;
  const base = `/api/patients/${patientId}/sessions/${sid}`;
  expect(
    (
      await put(s.nurse, `${base}/checklist`, {
        fasting: true,
        escortName: 'Alex Example',
        rideArranged: true,
        medicationsSinceLastVisit: 'none',
        pregnancyStatus: 'not_pregnant',
        weightKg: 70,
      })
    ).statusCode,
  ).toBe(200);
  await s.nurse.post(`${base}/entries`, {
    idempotencyKey: key(),
    entry: { kind: 'vitals', vitals: { sbp: 122, dbp: 80, hr: 72, spo2: 98 } },
  });
  const signed = await s.prescriber.post(`${base}/order`, { ...order, acknowledgeWarnings: true });
  expect(signed.statusCode, signed.body).toBe(200);
  return { patientId, courseId, sid, base, order: signed.json() as { mg: number } };
}

let seq = 0;
/**
 * A safe holding `count` containers of a new product (a unique NDC per call). Returns the ids in label order,
 * the product and the safe.
 */
export async function stockUp(
  s: Staff,
  product: {
    name: string;
    form: 'solution' | 'troche';
    substance?: 'ketamine' | 'esketamine';
    strengthUgPerMl?: number;
    containerVolumeMl?: number;
    unitStrengthUg?: number;
    unitsPerContainer?: number;
    singleUse?: boolean;
  },
  o: { count: number; lot: string; safe?: string },
) {
  seq += 1;
  const safe =
    o.safe ??
    (
      await s.admin.post('/api/ledger/locations', {
        name: `Dosing safe ${seq}-${randomUUID().slice(0, 4)}`,
        deaRegistration: 'AB1234563',
      })
    ).json().id;
  const ndc = `5${String(seq).padStart(4, '0')}-${String(Math.floor(Math.random() * 900) + 100)}-${String((seq % 90) + 10)}`;
  const made = await s.admin.post('/api/ledger/products', { ndc, singleUse: false, ...product });
  expect(made.statusCode, made.body).toBe(201);
  const productId = made.json().id as string;
  const rec = await s.nurse.post('/api/ledger/receive', {
    productId,
    lotNumber: o.lot,
    expiresOn: '2027-12-31',
    locationId: safe,
    containerCount: o.count,
    supplier: 'Acme Pharma',
    invoiceNumber: `INV-${seq}`,
    receivedOn: '2026-11-24',
  });
  expect(rec.statusCode, rec.body).toBe(201);
  const containers = (rec.json().containers as { id: string; label: string }[]).sort((a, b) =>
    a.label.localeCompare(b.label, undefined, { numeric: true }),
  );
  return {
    safe: safe as string,
    productId,
    containers: containers.map((c) => c.id),
    labels: containers.map((c) => c.label),
  };
}

export const VIAL = {
  name: 'Ketamine HCl 50 mg/mL, 10 mL multi-dose vial',
  form: 'solution',
  strengthUgPerMl: 50_000,
  containerVolumeMl: 10,
} as const;
export const DEVICE = {
  name: 'Esketamine 28 mg nasal spray device',
  form: 'solution',
  substance: 'esketamine',
  strengthUgPerMl: 140_000,
  containerVolumeMl: 0.2,
  singleUse: true,
} as const;
export const SINGLE_DOSE_VIAL = {
  name: 'Ketamine HCl 50 mg/mL, 2 mL single-dose vial',
  form: 'solution',
  strengthUgPerMl: 50_000,
  containerVolumeMl: 2,
  singleUse: true,
} as const;
