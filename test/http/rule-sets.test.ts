import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_KEYS } from '../../src/domain/screening';
import { verifyAuditChain } from '../../src/server/platform/audit';
import type { Role } from '../../src/server/platform/permissions';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * The clinic's safety rules in versions (issue #14): the medical director publishes a new version of the
 * vital-sign rules and dose limits; a session started before keeps the version it started with for its whole
 * life, a session started after uses the new one at once; bad input is refused naming the field; only
 * settings.manage may publish; every publish is audited with old and new values; versions are insert-only.
 */
let t: TestApp;
let admin: Agent;
let prescriber: Agent;
let nurse: Agent;
let therapist: Agent;
let desk: Agent;

beforeAll(async () => {
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  [admin, prescriber, nurse, therapist, desk] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('therapist'),
    t.loginAs('front_desk'),
  ]);
  await admin.post(`/api/admin/users/${prescriber.userId}/licences`, {
    state: 'CA',
    licenceType: 'MD',
    number: 'CA-7',
    expiresOn: '2030-01-01',
  });
});
afterAll(async () => {
  await t.close();
});

const key = () => `k-${randomUUID()}`;
const put = (a: Agent, url: string, payload: unknown) =>
  a.inject({ method: 'PUT', url, payload: payload as object });

/** A patient whose IM course passes every readiness item, and a session started on it now. */
async function startedSession(): Promise<string> {
  const p = (
    await desk.post('/api/patients', {
      firstName: 'Rule',
      lastName: `Set${randomUUID().slice(0, 4)}`,
      dateOfBirth: '1984-04-04',
      state: 'CA',
      email: `r.${randomUUID().slice(0, 6)}@example.test`,
    })
  ).json();
  await put(prescriber, `/api/patients/${p.id}/clinical`, {
    pregnancyStatus: 'not_pregnant',
    breastfeeding: false,
    history: Object.fromEntries(
      HISTORY_KEYS.filter((k) => k !== 'on_mood_stabiliser').map((k) => [k, false]),
    ),
    plannedRoute: 'im',
    plannedSetting: 'in_clinic',
    medications: [],
    weightKg: 70,
  });
  await put(desk, `/api/patients/${p.id}/care-team`, {
    members: [
      { userId: prescriber.userId, role: 'prescriber' },
      { userId: nurse.userId, role: 'nurse' },
      { userId: therapist.userId, role: 'therapist' },
    ],
  });
  expect(
    (await prescriber.post(`/api/patients/${p.id}/screening/decisions`, { decision: 'cleared' })).statusCode,
  ).toBe(201);
  const doc = (await nurse.get('/api/consent/documents')).json().documents[0];
  expect(
    (
      await nurse.post(`/api/patients/${p.id}/consents`, {
        documentId: doc.id,
        signedName: 'Rule Set',
        witnessUserId: desk.userId,
      })
    ).statusCode,
  ).toBe(201);
  const courseId = (
    await prescriber.post(`/api/patients/${p.id}/courses`, {
      templateKey: 'im_kap',
      indications: ['Treatment-resistant depression'],
    })
  ).json().id as string;
  const note = (
    await therapist.post(`/api/patients/${p.id}/courses/${courseId}/notes`, {
      kind: 'preparation',
      sessionDate: '2026-11-20',
    })
  ).json();
  await put(therapist, `/api/patients/${p.id}/notes/${note.id}`, {
    version: note.version,
    content: { intentions: 'To rest', goals: 'Sleep' },
  });
  expect((await therapist.post(`/api/patients/${p.id}/notes/${note.id}/sign`)).statusCode).toBe(200);
  const start = await nurse.post(`/api/patients/${p.id}/courses/${courseId}/sessions`, {});
  expect(start.statusCode).toBe(201);
  return `/api/patients/${p.id}/sessions/${start.json().id}`;
}

type Overview = {
  current: {
    version: number;
    rules: { id: string; value: number; basis: string; source: string }[];
    doseLimits: { id: string; value?: number }[];
  };
  versions: { version: number; sessions: number; note: string | null; publishedByName: string | null }[];
};

async function overview(): Promise<Overview> {
  const res = await admin.get('/api/admin/rule-sets');
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** The current version as a publish body, with `edit` applied. */
async function bodyFrom(edit: (b: Overview['current']) => void, note = '') {
  const { current } = await overview();
  const copy = structuredClone(current);
  edit(copy);
  return { basedOnVersion: current.version, rules: copy.rules, doseLimits: copy.doseLimits, note };
}

const setRule = (b: Overview['current'], id: string, patch: object) => {
  const i = b.rules.findIndex((r) => r.id === id);
  b.rules[i] = { ...b.rules[i], ...patch } as never;
  return i;
};
const setLimit = (b: Overview['current'], id: string, patch: object) => {
  const i = b.doseLimits.findIndex((l) => l.id === id);
  b.doseLimits[i] = { ...b.doseLimits[i], ...patch } as never;
  return i;
};

describe('safety rules in versions', () => {
  it('version 1 holds the shipped defaults with their sources, the at-home check-in limits included', async () => {
    const o = await overview();
    expect(o.current.version).toBe(1);
    expect(o.versions.map((v) => v.version)).toEqual([1]);
    expect(o.versions[0]).toMatchObject({
      publishedByName: null,
      note: expect.stringMatching(/shipped defaults/),
    });
    const home = o.current.rules.filter((r) => (r as { phase?: string }).phase === 'home_check_in');
    expect(home.map((r) => [r.id, r.value])).toEqual([
      ['home_sbp_hold', 140],
      ['home_dbp_hold', 90],
      ['home_hr_hold', 110],
    ]);
    expect(o.current.doseLimits.map((l) => l.id)).toContain('im-hard-max');
  });

  it('a session started before a publish keeps its version; one started after uses the new one at once', async () => {
    const before = await startedSession();
    const body = await bodyFrom((b) => {
      setRule(b, 'pre_dose_sbp_hold', {
        value: 130,
        basis: 'policy',
        source: 'Clinic policy: stricter pre-dose gate (medical director, 2026)',
      });
      setLimit(b, 'im-hard-max', { value: 1.1 });
    }, 'Stricter pre-dose BP gate and IM ceiling');
    const published = await admin.post('/api/admin/rule-sets', body);
    expect(published.statusCode).toBe(201);
    expect(published.json().current.version).toBe(2);
    const after = await startedSession();

    const stateBefore = (await nurse.get(before)).json();
    const stateAfter = (await nurse.get(after)).json();
    expect(stateBefore.session.ruleSet.version).toBe(1);
    expect(stateAfter.session.ruleSet.version).toBe(2);
    expect(stateBefore.rules.find((r: { id: string }) => r.id === 'pre_dose_sbp_hold')).toMatchObject({
      value: 140,
      basis: 'published',
    });
    expect(stateAfter.rules.find((r: { id: string }) => r.id === 'pre_dose_sbp_hold')).toMatchObject({
      value: 130,
      basis: 'policy',
      recheckMinutes: 15,
    });
    expect(stateAfter.doseLimits.find((l: { id: string }) => l.id === 'im-hard-max')).toMatchObject({
      value: 1.1,
      clinicPolicy: true,
    });

    // SBP 135 before the dose: under version 1's 140, over version 2's 130.
    const reading = {
      idempotencyKey: '',
      entry: { kind: 'vitals', vitals: { sbp: 135, dbp: 80, hr: 72, spo2: 98 } },
    };
    const a = await nurse.post(`${before}/entries`, { ...reading, idempotencyKey: key() });
    const b = await nurse.post(`${after}/entries`, { ...reading, idempotencyKey: key() });
    expect(a.json().alerts).toEqual([]);
    expect(b.json().alerts).toEqual([
      expect.objectContaining({
        ruleId: 'pre_dose_sbp_hold',
        level: 'hold',
        basis: 'policy',
        recheckMinutes: 15,
      }),
    ]);
    expect(b.json().alerts[0].message).toMatch(/> 130 mmHg/);
    expect((await nurse.get(after)).json().session.hold).not.toBeNull();

    // The dose limits come from the same version: 1.2 mg/kg IM is a warning under version 1, refused under 2.
    await nurse.post(`${after}/entries`, {
      ...reading,
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { sbp: 122, dbp: 78, hr: 70, spo2: 98 } },
    });
    const checklist = {
      fasting: true,
      escortName: 'Sam Ride',
      rideArranged: true,
      medicationsSinceLastVisit: 'none',
      pregnancyStatus: 'not_pregnant',
      weightKg: 70,
    };
    for (const s of [before, after])
      expect((await put(nurse, `${s}/checklist`, checklist)).statusCode).toBe(200);
    expect(
      (await prescriber.post(`${before}/order`, { mgPerKg: 1.2, acknowledgeWarnings: true })).statusCode,
    ).toBe(200);
    const refused = await prescriber.post(`${after}/order`, { mgPerKg: 1.2, acknowledgeWarnings: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({
      field: 'mgPerKg',
      message: expect.stringMatching(/IM hard maximum.*1\.1 mg\/kg/),
    });

    // Publishing again does not move either session, and version 1 reads as it did.
    const again = await admin.post(
      '/api/admin/rule-sets',
      await bodyFrom((x) => setRule(x, 'in_session_rr_alert', { value: 9 })),
    );
    expect(again.statusCode).toBe(201);
    expect((await nurse.get(before)).json().session.ruleSet.version).toBe(1);
    expect((await nurse.get(after)).json().session.ruleSet.version).toBe(2);
    const v1 = (await admin.get('/api/admin/rule-sets/1')).json();
    expect(v1.rules.find((r: { id: string }) => r.id === 'pre_dose_sbp_hold').value).toBe(140);
    const o = await overview();
    expect(o.versions.map((v) => [v.version, v.sessions])).toEqual([
      [3, 0],
      [2, 1],
      [1, 1],
    ]);
    expect(o.versions[1]).toMatchObject({
      note: 'Stricter pre-dose BP gate and IM ceiling',
      publishedByName: expect.any(String),
    });
    expect((await admin.get('/api/admin/rule-sets/99')).statusCode).toBe(404);
  });

  it('audits each publish with the old and new values', async () => {
    const body = await bodyFrom(
      (b) => setRule(b, 'in_session_hr_alert', { value: 120, recheckMinutes: 3 }),
      'HR alert at 120',
    );
    const res = await admin.post('/api/admin/rule-sets', body);
    expect(res.statusCode).toBe(201);
    const version = res.json().current.version as number;
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'object_type', 'object_id', 'detail', 'patient_id'])
      .where('action', '=', 'rules.publish')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_id: admin.userId,
      object_type: 'clinic_rule_set',
      object_id: String(version),
      patient_id: null,
    });
    const detail = JSON.parse(entry.detail as string);
    expect(detail).toMatchObject({ fromVersion: version - 1, toVersion: version, note: 'HR alert at 120' });
    expect(detail.changes).toEqual([
      {
        section: 'rules',
        id: 'in_session_hr_alert',
        change: 'changed',
        summary: 'Heart rate in-session alert: above 120 bpm; re-check in 3 min',
        fields: [
          { field: 'value', from: 110, to: 120 },
          { field: 'recheckMinutes', from: 5, to: 3 },
        ],
      },
    ]);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });

  it('refuses bad input with 422 naming the field, and publishes nothing', async () => {
    const start = (await overview()).current.version;
    const cases: [(b: Overview['current']) => number, (i: number) => string][] = [
      [(b) => setRule(b, 'pre_dose_dbp_hold', { value: 900 }), (i) => `rules.${i}.value`],
      [(b) => setRule(b, 'in_session_sbp_alert', { comparator: '=' }), (i) => `rules.${i}.comparator`],
      [(b) => setRule(b, 'in_session_sbp_alert', { level: 'panic' }), (i) => `rules.${i}.level`],
      [(b) => setRule(b, 'home_hr_hold', { source: '' }), (i) => `rules.${i}.source`],
      [(b) => setRule(b, 'home_hr_hold', { recheckMinutes: 0 }), (i) => `rules.${i}.recheckMinutes`],
      [(b) => setLimit(b, 'iv-max', { value: 0.05 }), (i) => `doseLimits.${i}.value`],
      [(b) => setLimit(b, 'oral-max', { value: -1 }), (i) => `doseLimits.${i}.value`],
      [(b) => setLimit(b, 'iv-infusion-time', { route: 'oral' }), (i) => `doseLimits.${i}.route`],
    ];
    for (const [edit, field] of cases) {
      let index = -1;
      const body = await bodyFrom((b) => {
        index = edit(b);
      });
      const res = await admin.post('/api/admin/rule-sets', body);
      expect(res.statusCode, field(index)).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field(index));
    }
    expect((await overview()).current.version).toBe(start);
  });

  it('refuses a publish over an older version, and one that changes nothing (409)', async () => {
    const body = await bodyFrom((b) => setRule(b, 'pre_dose_spo2_hold', { value: 93 }));
    const stale = await admin.post('/api/admin/rule-sets', {
      ...body,
      basedOnVersion: body.basedOnVersion - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/Reload/);
    const unchanged = await admin.post('/api/admin/rule-sets', await bodyFrom(() => {}));
    expect(unchanged.statusCode).toBe(409);
  });

  it('only settings.manage may read or publish (403); no session, 401', async () => {
    const before = (await overview()).current.version;
    const body = await bodyFrom((b) => setRule(b, 'pre_dose_hr_hold', { value: 115 }));
    for (const role of ['prescriber', 'nurse', 'therapist', 'front_desk', 'patient'] as Role[]) {
      const agent = await t.loginAs(role);
      expect((await agent.get('/api/admin/rule-sets')).statusCode, role).toBe(403);
      expect((await agent.get('/api/admin/rule-sets/1')).statusCode, role).toBe(403);
      expect((await agent.post('/api/admin/rule-sets', body)).statusCode, role).toBe(403);
    }
    expect((await t.anon.get('/api/admin/rule-sets')).statusCode).toBe(401);
    expect((await overview()).current.version).toBe(before);
  });

  it('the database keeps versions and a session’s version unchanged', async () => {
    const { db } = t.ctx;
    await expect(
      db.updateTable('clinic_rule_sets').set({ note: 'rewritten' }).where('version', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('clinic_rule_sets').where('version', '=', 1).execute()).rejects.toThrow(
      /append-only/,
    );
    const s = await db
      .selectFrom('dosing_sessions')
      .select(['id', 'rule_set_version'])
      .where('rule_set_version', '=', 1)
      .executeTakeFirstOrThrow();
    await expect(
      db.updateTable('dosing_sessions').set({ rule_set_version: 2 }).where('id', '=', s.id).execute(),
    ).rejects.toThrow(/append-only/);
    // Other columns still change as the session runs.
    await db
      .updateTable('dosing_sessions')
      .set({ narrative: 'still writable' })
      .where('id', '=', s.id)
      .execute();
    const n = await sql<{ n: number }>`select count(*) as n from clinic_rule_sets`.execute(db);
    expect(Number(n.rows[0]?.n)).toBeGreaterThanOrEqual(3);
  });
});
