import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';
import { startSmtpCapture } from '../support/smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let desk: Agent;
let prescriber: Agent;
let nurse: Agent;
let therapist: Agent;
let admin: Agent;

const enquiry = (over: Record<string, unknown> = {}) => ({
  firstName: 'Quinn',
  lastName: 'Canary',
  email: 'quinn.canary@example.test',
  phone: '(555) 010-2233',
  state: 'CA',
  dateOfBirth: '1988-04-12',
  concerns: ['depression'],
  redFlags: [],
  preferredContactTime: 'morning',
  consentToContact: true,
  ...over,
});

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await buildTestApp({ SMTP_URL: smtp.url });
  [desk, prescriber, nurse, therapist, admin] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('admin'),
  ]);
  registerSecret('Quinn');
  registerSecret('Canary');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const auditCount = async (patientId: string, action?: string) => {
  let q = t.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('patient_id', '=', patientId);
  if (action) q = q.where('action', '=', action);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

async function newPatient(over: Record<string, unknown> = {}) {
  const res = await desk.post('/api/patients', {
    firstName: 'Pat',
    lastName: `Test${randomUUID().slice(0, 4)}`,
    dateOfBirth: '1980-01-02',
    state: 'CA',
    email: `p.${randomUUID().slice(0, 8)}@example.test`,
    ...over,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; chartNumber: string };
}

describe('public enquiry', () => {
  it('validates with field errors and keeps nothing on failure', async () => {
    const res = await t.anon.post(
      '/api/public/enquiries',
      enquiry({
        email: 'nope',
        state: 'ZZ',
        dateOfBirth: '2999-01-01',
        concerns: [],
        consentToContact: false,
      }),
    );
    expect(res.statusCode).toBe(422);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['concerns', 'consentToContact', 'dateOfBirth', 'email', 'state']);
    const n = await t.ctx.db.selectFrom('enquiries').select('id').execute();
    expect(n).toHaveLength(0);
  });

  it('accepts a valid enquiry, emails a confirmation, and flags suicidal thoughts as urgent with crisis resources', async () => {
    const calm = await t.anon.post('/api/public/enquiries', enquiry(), { 'x-forwarded-for': '1.1.1.1' });
    expect(calm.statusCode).toBe(201);
    expect(calm.json()).toEqual({ received: true, crisis: false });
    const urgent = await t.anon.post(
      '/api/public/enquiries',
      enquiry({ email: 'u@example.test', concerns: ['suicidal_thoughts'] }),
    );
    expect(urgent.json().crisis).toBe(true);
    const inbox = (await desk.get('/api/enquiries')).json();
    expect(inbox.enquiries[0].urgent).toBe(true); // urgent first
    await t.ctx.mailer.flush();
    expect(smtp.messages.some((m) => m.to.includes('quinn.canary@example.test') && /988/.test(m.text))).toBe(
      true,
    );
  });

  it('silently drops honeypot submissions and rate-limits per IP', async () => {
    const limited = await buildTestApp();
    try {
      const bot = await limited.anon.post(
        '/api/public/enquiries',
        enquiry({ website: 'http://spam.example' }),
      );
      expect(bot.statusCode).toBe(201);
      expect(await limited.ctx.db.selectFrom('enquiries').select('id').execute()).toHaveLength(0);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (await limited.anon.post('/api/public/enquiries', enquiry({ email: `e${i}@example.test` })))
            .statusCode,
        );
      // the honeypot hit counted too: 5 allowed per hour
      expect(codes.filter((c) => c === 201)).toHaveLength(4);
      expect(codes.at(-1)).toBe(429);
      limited.clock.advance(3_600_000);
      expect(
        (await limited.anon.post('/api/public/enquiries', enquiry({ email: 'later@example.test' })))
          .statusCode,
      ).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('enquiry inbox and conversion', () => {
  it('front desk moves an enquiry along and converts it into a patient without retyping', async () => {
    await t.anon.post(
      '/api/public/enquiries',
      enquiry({ firstName: 'Casey', lastName: 'Convert', email: 'casey@example.test', state: 'OR' }),
    );
    const list = (await desk.get('/api/enquiries')).json();
    const e = list.enquiries.find((x: { firstName: string }) => x.firstName === 'Casey');
    expect(
      (
        await desk.post(`/api/enquiries/${e.id}/status`, { status: 'contacted', note: 'Left a voicemail' })
      ).json().status,
    ).toBe('contacted');
    t.clock.advance(1000);
    const conv = await desk.post(`/api/enquiries/${e.id}/convert`);
    expect(conv.statusCode).toBe(201);
    const { patientId } = conv.json();
    const chart = (await desk.get(`/api/patients/${patientId}`)).json();
    expect(chart.patient).toMatchObject({
      firstName: 'Casey',
      lastName: 'Convert',
      state: 'OR',
      dateOfBirth: '1988-04-12',
      email: 'casey@example.test',
      status: 'intake',
    });
    expect(chart.clinical).toBeNull(); // front desk sees no clinical data
    expect((await desk.post(`/api/enquiries/${e.id}/convert`)).statusCode).toBe(409);
    const detail = (await desk.get(`/api/enquiries/${e.id}`)).json();
    expect(detail.notes.map((n: { statusChange: string | null }) => n.statusChange)).toEqual([
      'contacted',
      'converted',
    ]);
  });

  it('a therapist may work enquiries but not create patient records', async () => {
    await t.anon.post('/api/public/enquiries', enquiry({ email: 'th@example.test' }));
    const e = (await therapist.get('/api/enquiries')).json().enquiries[0];
    expect((await therapist.post(`/api/enquiries/${e.id}/convert`)).statusCode).toBe(403);
  });
});

describe('patient record and search', () => {
  it('finds patients by name, chart number and date of birth, paginated', async () => {
    const a = await newPatient({ firstName: 'Morgan', lastName: 'Searchable', dateOfBirth: '1975-06-30' });
    expect(
      (await desk.get('/api/patients?q=morgan%20search')).json().patients.map((p: { id: string }) => p.id),
    ).toContain(a.id);
    expect((await desk.get(`/api/patients?q=${a.chartNumber}`)).json().patients[0].id).toBe(a.id);
    expect((await desk.get('/api/patients?q=06/30/1975')).json().patients[0].id).toBe(a.id);
    const page = (await desk.get('/api/patients?limit=1&offset=0')).json();
    expect(page.patients).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
  });

  it('refuses a stale edit with 409 (optimistic concurrency) and names bad fields', async () => {
    const p = await newPatient();
    const base = { firstName: 'Pat', lastName: 'Edited', dateOfBirth: '1980-01-02', state: 'CA' };
    expect(
      (
        await desk.inject({
          method: 'PUT',
          url: `/api/patients/${p.id}/demographics`,
          payload: { ...base, version: 1 },
        })
      ).json().version,
    ).toBe(2);
    const stale = await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/demographics`,
      payload: { ...base, lastName: 'Lost', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const bad = await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/demographics`,
      payload: { ...base, postalCode: 'abc', phone: 'call me' },
    });
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['phone', 'postalCode']);
  });

  it('writes exactly one audit entry per chart read, allowed or denied', async () => {
    const p = await newPatient();
    const before = await auditCount(p.id);
    await prescriber.get(`/api/patients/${p.id}`);
    expect(await auditCount(p.id)).toBe(before + 1);
    const patientAgent = await t.loginAs('patient');
    const denied = await patientAgent.get(`/api/patients/${p.id}`);
    expect(denied.statusCode).toBe(403);
    expect(await auditCount(p.id)).toBe(before + 2);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('patient_id', '=', p.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ outcome: 'denied', actor_id: patientAgent.userId });
  });
});

describe('eligibility screening', () => {
  it('evaluates the record, needs reasons to override relative rules, refuses absolute ones, keeps history', async () => {
    const p = await newPatient();
    const full = Object.fromEntries(
      [
        'aneurysmal_vascular_disease',
        'avm',
        'intracerebral_haemorrhage',
        'ketamine_hypersensitivity',
        'active_psychosis_or_mania',
        'past_psychosis',
        'bipolar_disorder',
        'hypertension',
        'hypertension_uncontrolled',
        'cardiovascular_disease',
        'cerebrovascular_disease',
        'substance_use_disorder',
        'opioid_use_disorder_history',
        'hepatic_impairment_moderate',
        'cystitis_or_bladder_symptoms',
        'recent_suicide_attempt_or_intent',
      ].map((k) => [k, false]),
    );
    const clinical = {
      pregnancyStatus: 'not_pregnant',
      breastfeeding: false,
      history: full,
      plannedRoute: 'im',
      plannedSetting: 'in_clinic',
      medications: [{ name: 'Sertraline 100 mg' }],
      weightKg: 70,
    };
    const up = await prescriber.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/clinical`,
      payload: clinical,
    });
    expect(up.statusCode).toBe(200);
    expect(up.json().screening.outcome).toBe('eligible');
    expect(
      (await prescriber.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'cleared' }))
        .statusCode,
    ).toBe(201);
    expect((await prescriber.get(`/api/patients/${p.id}/screening`)).json().cleared).toBe(true);

    // A benzodiazepine appears: the old decision is stale, an override needs a reason.
    await nurse.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/clinical`,
      payload: { medications: [{ name: 'Sertraline 100 mg' }, { name: 'Xanax 0.5 mg' }] },
    });
    const s = (await prescriber.get(`/api/patients/${p.id}/screening`)).json();
    expect(s.cleared).toBe(false);
    expect(s.current.stale).toBe(true);
    const benzo = s.evaluation.reasons.find((r: { level: string }) => r.level === 'interaction');
    expect(benzo.source).toBeTruthy();
    const noReason = await prescriber.post(`/api/patients/${p.id}/screening/decisions`, {
      decision: 'cleared',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe(`overrides.${benzo.ruleId}`);
    const ok = await prescriber.post(`/api/patients/${p.id}/screening/decisions`, {
      decision: 'cleared',
      overrides: [{ ruleId: benzo.ruleId, reason: 'Taper agreed; hold dose the evening before' }],
    });
    expect(ok.statusCode).toBe(201);
    expect((await prescriber.get(`/api/patients/${p.id}/screening`)).json().cleared).toBe(true);

    // An absolute contraindication cannot be overridden.
    await prescriber.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/clinical`,
      payload: { history: { avm: true } },
    });
    const abs = (await prescriber.get(`/api/patients/${p.id}/screening`)).json();
    expect(abs.evaluation.outcome).toBe('not_eligible');
    const absRule = abs.evaluation.reasons.find((r: { level: string }) => r.level === 'absolute');
    const refused = await prescriber.post(`/api/patients/${p.id}/screening/decisions`, {
      decision: 'cleared',
      overrides: [
        { ruleId: absRule.ruleId, reason: 'please' },
        { ruleId: benzo.ruleId, reason: 'as before' },
      ],
    });
    expect(refused.statusCode).toBe(422);
    expect((await prescriber.get(`/api/patients/${p.id}/screening`)).json().history).toHaveLength(2);
    // Nurses cannot decide.
    expect(
      (await nurse.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'not_cleared' })).statusCode,
    ).toBe(403);
  });
});

describe('screening answers a clinician would give (issue 14, part 6)', () => {
  const NO = Object.fromEntries(
    [
      'aneurysmal_vascular_disease',
      'avm',
      'intracerebral_haemorrhage',
      'ketamine_hypersensitivity',
      'active_psychosis_or_mania',
      'past_psychosis',
      'bipolar_disorder',
      'hypertension',
      'hypertension_uncontrolled',
      'cardiovascular_disease',
      'cerebrovascular_disease',
      'substance_use_disorder',
      'opioid_use_disorder_history',
      'hepatic_impairment_moderate',
      'cystitis_or_bladder_symptoms',
      'recent_suicide_attempt_or_intent',
    ].map((k) => [k, false]),
  );
  const base = {
    pregnancyStatus: 'not_pregnant',
    breastfeeding: false,
    history: NO,
    plannedRoute: 'sublingual',
    plannedSetting: 'at_home',
    medications: [],
    weightKg: 70,
  };
  const put = (id: string, payload: Record<string, unknown>) =>
    prescriber.inject({ method: 'PUT', url: `/api/patients/${id}/clinical`, payload });

  it('refuses an IV (or IM, or esketamine) plan at home with a field error, and saves nothing', async () => {
    const p = await newPatient();
    expect((await put(p.id, base)).statusCode).toBe(200);
    for (const route of ['iv', 'im', 'esketamine']) {
      const res = await put(p.id, { ...base, plannedRoute: route });
      expect(res.statusCode, route).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'plannedRoute', message: expect.stringMatching(/at home|never at home/i) },
      ]);
    }
    // Only the setting sent: checked against the route on record.
    expect((await put(p.id, { plannedSetting: 'in_clinic', plannedRoute: 'iv' })).statusCode).toBe(200);
    const half = await put(p.id, { plannedSetting: 'at_home' });
    expect(half.statusCode).toBe(422);
    expect(half.json().errors[0].field).toBe('plannedSetting');
    const chart = (await prescriber.get(`/api/patients/${p.id}`)).json();
    expect([chart.clinical.plannedRoute, chart.clinical.plannedSetting]).toEqual(['iv', 'in_clinic']);
  });

  it('makes current substance use disorder and age under 18 not eligible at home, needs review in clinic', async () => {
    const sud = await newPatient();
    const atHome = await put(sud.id, { ...base, history: { ...NO, substance_use_disorder: true } });
    expect(atHome.json().screening.outcome).toBe('not_eligible');
    expect(atHome.json().screening.reasons.map((r: { ruleId: string }) => r.ruleId)).toContain(
      'substance_use_disorder_at_home',
    );
    expect((await put(sud.id, { plannedSetting: 'in_clinic' })).json().screening.outcome).toBe(
      'needs_review',
    );

    const minor = await newPatient({ dateOfBirth: '2010-05-05' });
    expect((await put(minor.id, base)).json().screening.outcome).toBe('not_eligible');
    expect((await put(minor.id, { plannedSetting: 'in_clinic' })).json().screening.outcome).toBe(
      'needs_review',
    );
  });

  it('will not clear uncontrolled hypertension, and clears it with a reason once controlled', async () => {
    const p = await newPatient();
    await put(p.id, {
      ...base,
      plannedSetting: 'in_clinic',
      plannedRoute: 'im',
      history: { ...NO, hypertension: true, hypertension_uncontrolled: true },
    });
    const s = (await prescriber.get(`/api/patients/${p.id}/screening`)).json();
    expect(s.evaluation.outcome).toBe('not_eligible');
    const refused = await prescriber.post(`/api/patients/${p.id}/screening/decisions`, {
      decision: 'cleared',
      overrides: s.evaluation.reasons.map((r: { ruleId: string }) => ({
        ruleId: r.ruleId,
        reason: 'BP acceptable to me',
      })),
    });
    expect(refused.statusCode).toBe(422);
    // The message names the rule in words, not by its key.
    expect(refused.json().detail).toContain('“Uncontrolled hypertension” is an absolute contraindication');
    expect(refused.json().detail).not.toMatch(/hypertension_uncontrolled/);
    // Controlled now: re-screened, it is the prescriber's decision again.
    await put(p.id, { history: { hypertension_uncontrolled: false } });
    const again = (await prescriber.get(`/api/patients/${p.id}/screening`)).json();
    expect(again.evaluation.outcome).toBe('needs_review');
    const ok = await prescriber.post(`/api/patients/${p.id}/screening/decisions`, {
      decision: 'cleared',
      overrides: [{ ruleId: 'hypertension', reason: 'Controlled on lisinopril, 128/82 today' }],
    });
    expect(ok.statusCode).toBe(201);
  });

  it('recognises rasagiline (Azilect) as an MAOI', async () => {
    const p = await newPatient();
    const res = await put(p.id, {
      ...base,
      plannedSetting: 'in_clinic',
      medications: [{ name: 'Azilect 1 mg' }],
    });
    expect(res.json().screening.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['takes_maoi']);
    const chart = (await prescriber.get(`/api/patients/${p.id}`)).json();
    expect(chart.clinical.medications[0].interactingClass).toBe('maoi');
  });
});

describe('licensure', () => {
  it('warns when no clinician on the care team is licensed in the patient state', async () => {
    const p = await newPatient({ state: 'WA' });
    expect((await prescriber.get(`/api/patients/${p.id}`)).json().licensure[0].code).toBe('no_care_team');
    await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/care-team`,
      payload: { members: [{ userId: prescriber.userId, role: 'prescriber' }] },
    });
    expect((await prescriber.get(`/api/patients/${p.id}`)).json().licensure[0].code).toBe(
      'no_licensed_clinician',
    );
    const lic = await admin.post(`/api/admin/users/${prescriber.userId}/licences`, {
      state: 'WA',
      licenceType: 'MD',
      number: 'MD60000001',
      expiresOn: '2027-01-10',
    });
    expect(lic.statusCode).toBe(201);
    expect((await prescriber.get(`/api/patients/${p.id}`)).json().licensure).toEqual([]);
    const expiring = (await admin.get('/api/admin/licences/expiring?days=60')).json().licences;
    expect(expiring.map((l: { number: string }) => l.number)).toContain('MD60000001');
    const wrongRole = await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/care-team`,
      payload: { members: [{ userId: nurse.userId, role: 'therapist' }] },
    });
    expect(wrongRole.json().errors[0].field).toBe('members.0.role');
  });

  it('a licensed nurse without a licensed prescriber is warned about; the portal status follows an invitation', async () => {
    const p = await newPatient({ state: 'OR' });
    await desk.inject({
      method: 'PUT',
      url: `/api/patients/${p.id}/care-team`,
      payload: {
        members: [
          { userId: prescriber.userId, role: 'prescriber' },
          { userId: nurse.userId, role: 'nurse' },
        ],
      },
    });
    // An expired licence of the prescriber's does not count; the nurse's current one does.
    await admin.post(`/api/admin/users/${prescriber.userId}/licences`, {
      state: 'OR',
      licenceType: 'MD',
      number: 'MD-OR-EXPIRED',
      expiresOn: '2020-01-01',
    });
    await admin.post(`/api/admin/users/${nurse.userId}/licences`, {
      state: 'OR',
      licenceType: 'RN',
      number: 'RN-OR-1',
      expiresOn: '2028-01-01',
    });
    const chart = (await prescriber.get(`/api/patients/${p.id}`)).json();
    expect(chart.licensure.map((w: { code: string }) => w.code)).toEqual(['no_licensed_prescriber']);
    expect(chart.careTeam.map((m: { role: string }) => m.role).sort()).toEqual(['nurse', 'prescriber']);
    expect(chart.patient.portalStatus).toBe('none');
    expect((await desk.post(`/api/patients/${p.id}/portal-invite`)).statusCode).toBe(200);
    expect((await prescriber.get(`/api/patients/${p.id}`)).json().patient.portalStatus).toBe('invited');
  });
});
