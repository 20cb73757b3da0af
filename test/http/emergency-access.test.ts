import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBool } from '../../src/server/db/dialect';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { registerSecret } from '../support/secrets';
import { startSmtpCapture } from '../support/smtp';

/**
 * S17 emergency access ("break the glass"). Every clinical role sees every patient, except a record a care-team
 * prescriber marked confidential: it opens only for its care team, or for a user an admin designated, inside a
 * time-limited window opened with a typed reason. Everything they do in it is flagged; admins are alerted.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let admin: Agent;
let admin2: Agent;
let desk: Agent;
let carer: Agent; // prescriber on the care team
let teamNurse: Agent;
let oncall: Agent; // prescriber, not on the care team, designated below
let therapist: Agent; // not on the care team, not designated

const REASON = 'Patient collapsed in the waiting room; the treating prescriber cannot be reached.';
registerSecret('Confidentia');

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // A long idle timeout so the fake clock can pass a whole window without the sessions ending.
  t = await buildTestApp({ SMTP_URL: smtp.url, SESSION_IDLE_MINUTES: '240' });
  [admin, admin2, desk, carer, teamNurse, oncall, therapist] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('admin'),
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
    t.loginAs('prescriber'),
    t.loginAs('therapist'),
  ]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const put = (a: Agent, url: string, body: unknown) =>
  a.inject({ method: 'PUT', url, payload: body as object });

/** A confidential patient whose care team is `carer` and `teamNurse`. */
async function confidentialPatient(): Promise<string> {
  const p = await desk.post('/api/patients', {
    firstName: 'Vera',
    lastName: 'Confidentia',
    dateOfBirth: '1979-03-04',
    state: 'CA',
  });
  expect(p.statusCode).toBe(201);
  const id = p.json().id as string;
  expect(
    (
      await put(desk, `/api/patients/${id}/care-team`, {
        members: [
          { userId: carer.userId, role: 'prescriber' },
          { userId: teamNurse.userId, role: 'nurse' },
        ],
      })
    ).statusCode,
  ).toBe(200);
  const mark = await put(carer, `/api/patients/${id}/confidential`, { confidential: true });
  expect(mark.statusCode).toBe(200);
  expect(mark.json()).toMatchObject({ confidential: true, setBy: { id: carer.userId }, canChange: true });
  return id;
}

const designate = async (who: Agent, allowed: boolean) => {
  const res = await admin.post(`/api/admin/users/${who.userId}/break-glass`, { allowed });
  expect(res.statusCode).toBe(200);
  expect(res.json().canBreakGlass).toBe(allowed);
};
const entriesFor = (patientId: string, actorId: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('actor_id', '=', actorId)
    .orderBy('seq')
    .execute();
const grantsOf = (patientId: string) =>
  t.ctx.db.selectFrom('emergency_access').selectAll().where('patient_id', '=', patientId).execute();
/** Moves the fake clock on, keeping the agent's session active as a person using the app would. */
async function pass(minutes: number, agent: Agent) {
  for (let left = minutes; left > 0; left -= 10) {
    t.clock.advanceMinutes(Math.min(10, left));
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
  }
}

describe('confidential records', () => {
  it('open only for the care team; everyone else gets the same answer as for a missing chart', async () => {
    const id = await confidentialPatient();
    expect((await carer.get(`/api/patients/${id}`)).statusCode).toBe(200);
    expect((await teamNurse.get(`/api/patients/${id}/measures`)).statusCode).toBe(200);
    for (const a of [therapist, oncall, desk]) {
      const hidden = await a.get(`/api/patients/${id}`);
      const missing = await a.get(`/api/patients/${randomUUID()}`);
      expect(hidden.statusCode).toBe(404);
      expect({ ...hidden.json(), instance: undefined }).toEqual({ ...missing.json(), instance: undefined });
    }
    // Only the care team can lift the mark or change the team.
    expect((await put(oncall, `/api/patients/${id}/confidential`, { confidential: false })).statusCode).toBe(
      404,
    );
    expect((await put(desk, `/api/patients/${id}/care-team`, { members: [] })).statusCode).toBe(404);
    expect((await teamNurse.get(`/api/patients/${id}/confidential`)).json()).toMatchObject({
      confidential: true,
      canChange: false,
    });
    const bad = await put(carer, `/api/patients/${id}/confidential`, { confidential: 'yes' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('confidential');
  });
});

describe('break the glass', () => {
  it('refuses a user who is not designated, and stores nothing', async () => {
    const id = await confidentialPatient();
    const res = await therapist.post(`/api/patients/${id}/emergency-access`, { reason: REASON });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/not designated/);
    expect(await grantsOf(id)).toHaveLength(0);
    const [entry] = await entriesFor(id, therapist.userId);
    expect(entry).toMatchObject({ action: 'emergency_access.open', outcome: 'denied' });
    expect(toBool(entry?.emergency)).toBe(false);
    expect((await therapist.get(`/api/patients/${id}`)).statusCode).toBe(404);
  });

  it('needs a typed reason of at least 20 characters (422 naming the field)', async () => {
    const id = await confidentialPatient();
    await designate(oncall, true);
    for (const body of [
      {},
      { reason: '' },
      { reason: 'urgent' },
      { reason: `   ${'x'.repeat(10)}          ` },
      { reason: 42 },
    ]) {
      const res = await oncall.post(`/api/patients/${id}/emergency-access`, body);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    }
    expect(await grantsOf(id)).toHaveLength(0);
  });

  it('a designated user gets a window: reads allowed, every entry flagged, admins emailed; it closes by itself', async () => {
    const id = await confidentialPatient();
    await designate(oncall, true);
    expect((await oncall.get('/api/auth/me')).json().user.canBreakGlass).toBe(true);
    const opened = await oncall.post(`/api/patients/${id}/emergency-access`, { reason: REASON });
    expect(opened.statusCode).toBe(201);
    const grant = opened.json().grant;
    expect(grant).toMatchObject({
      patientId: id,
      openedAt: t.clock.now().toISOString(),
      expiresAt: new Date(t.clock.now().getTime() + 60 * 60_000).toISOString(),
    });
    expect((await oncall.get('/api/emergency-access')).json().grants).toEqual([grant]);
    expect((await oncall.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).statusCode).toBe(
      409,
    );

    // Reads (and writes) are allowed while the window is open.
    expect((await oncall.get(`/api/patients/${id}`)).statusCode).toBe(200);
    expect((await oncall.get(`/api/patients/${id}/measures`)).statusCode).toBe(200);
    const assigned = await oncall.post(`/api/patients/${id}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'once' },
    });
    expect(assigned.statusCode).toBe(201);
    // …but not lasting access: the care team and the confidential mark are the care team's.
    expect(
      (
        await put(oncall, `/api/patients/${id}/care-team`, {
          members: [{ userId: oncall.userId, role: 'prescriber' }],
        })
      ).statusCode,
    ).toBe(403);
    expect((await put(oncall, `/api/patients/${id}/confidential`, { confidential: false })).statusCode).toBe(
      403,
    );
    expect(
      (await carer.get(`/api/patients/${id}`))
        .json()
        .careTeam.map((m: { userId: string }) => m.userId)
        .sort(),
    ).toEqual([carer.userId, teamNurse.userId].sort());

    // Every entry the designated user caused on this patient in the window is flagged with the window's id.
    const flagged = await entriesFor(id, oncall.userId);
    const inWindow = flagged.filter((e) => e.at >= grant.openedAt);
    expect(inWindow.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'emergency_access.open',
        'patient.read',
        'measures.read',
        'measures.assign',
        'patient.care_team',
        'patient.confidential',
      ]),
    );
    for (const e of inWindow) {
      expect(toBool(e.emergency)).toBe(true);
      expect(JSON.parse(e.detail ?? '{}')).toMatchObject({ emergency: true, emergencyGrantId: grant.id });
    }
    const openEntry = inWindow.find((e) => e.action === 'emergency_access.open');
    expect(JSON.parse(openEntry?.detail ?? '{}')).toMatchObject({ reason: REASON, minutes: 60 });
    // The care team's own entries are not flagged.
    expect((await carer.get(`/api/patients/${id}`)).statusCode).toBe(200);
    expect((await entriesFor(id, carer.userId)).every((e) => !toBool(e.emergency))).toBe(true);

    // Every active admin is alerted: an email (through the outbox, delivered over SMTP) and the worklist.
    const admins = await t.ctx.db
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    expect(admins.map((a) => a.email)).toEqual(expect.arrayContaining([admin.email, admin2.email]));
    const outbox = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('related_type', '=', 'emergency_access')
      .where('related_id', '=', grant.id)
      .execute();
    expect(outbox.map((m) => m.to_address).sort()).toEqual(admins.map((a) => a.email).sort());
    await t.ctx.mailer.flush();
    const mail = smtp.messages.filter(
      (m) => m.to.includes(admin2.email) && /Emergency access opened/.test(m.subject),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain(grant.id);
    expect(mail[0]?.text).not.toContain('Confidentia'); // no patient name…
    expect(mail[0]?.text).not.toContain('collapsed'); // …and not the reason: that stays in the audit log
    const today = (await admin2.get('/api/worklist'))
      .json()
      .items.find((i: { id: string }) => i.id === `emergency:${grant.id}`);
    expect(today).toMatchObject({
      kind: 'emergency_access',
      severity: 'urgent',
      patientName: null,
      link: `/app/admin/audit?emergency=true&patientId=${id}`,
    });
    expect(
      (await carer.get('/api/worklist'))
        .json()
        .items.some((i: { kind: string }) => i.kind === 'emergency_access'),
    ).toBe(false);

    // The audit-log filter "emergency access".
    const log = await admin.get(`/api/admin/audit?emergency=true&patientId=${id}&limit=200`);
    expect(log.statusCode).toBe(200);
    expect(log.json().entries.length).toBe(inWindow.length);
    expect(
      log
        .json()
        .entries.every(
          (e: { emergency: boolean; actorId: string }) => e.emergency && e.actorId === oncall.userId,
        ),
    ).toBe(true);
    expect((await admin.get(`/api/admin/audit?emergency=maybe`)).statusCode).toBe(422);
    const review = (await admin.get('/api/admin/emergency-access')).json();
    expect(review.grants.find((g: { id: string }) => g.id === grant.id)).toMatchObject({
      userId: oncall.userId,
      reason: REASON,
      open: true,
    });

    // The window closes by itself: at 60 minutes the chart is refused again, and entries are no longer flagged.
    await pass(59, oncall);
    expect((await oncall.get(`/api/patients/${id}`)).statusCode).toBe(200);
    await pass(1, oncall);
    const after = await oncall.get(`/api/patients/${id}`);
    expect(after.statusCode).toBe(404);
    const last = (await entriesFor(id, oncall.userId)).at(-1);
    expect(last).toMatchObject({ action: 'patient.read', outcome: 'denied' });
    expect(toBool(last?.emergency)).toBe(false);
    expect((await oncall.get('/api/emergency-access')).json().grants).toEqual([]);
    expect((await oncall.post(`/api/emergency-access/${grant.id}/end`)).statusCode).toBe(409);
    const reviewItem = (await admin.get('/api/worklist'))
      .json()
      .items.find((i: { id: string }) => i.id === `emergency:${grant.id}`);
    expect(reviewItem).toMatchObject({
      severity: 'due',
      title: expect.stringMatching(/^Review emergency access/),
    });
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });

  it('the user can end the window early; only their own; the clinic sets the window length', async () => {
    const id = await confidentialPatient();
    await designate(oncall, true);
    const bad = await put(admin, '/api/admin/emergency-access/settings', { windowMinutes: 1 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('windowMinutes');
    expect((await put(admin, '/api/admin/emergency-access/settings', { windowMinutes: 15 })).json()).toEqual({
      windowMinutes: 15,
    });
    const grant = (await oncall.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).json()
      .grant;
    expect(grant.expiresAt).toBe(new Date(t.clock.now().getTime() + 15 * 60_000).toISOString());
    expect((await therapist.post(`/api/emergency-access/${grant.id}/end`)).statusCode).toBe(404);
    const end = await oncall.post(`/api/emergency-access/${grant.id}/end`);
    expect(end.statusCode).toBe(200);
    const closing = (await entriesFor(id, oncall.userId)).at(-1);
    expect(closing).toMatchObject({ action: 'emergency_access.end', outcome: 'allowed' });
    expect(toBool(closing?.emergency)).toBe(true);
    expect((await oncall.get(`/api/patients/${id}`)).statusCode).toBe(404);
    expect((await grantsOf(id))[0]).toMatchObject({ end_reason: 'ended_by_user' });
    await put(admin, '/api/admin/emergency-access/settings', { windowMinutes: 60 });
  });

  it('removing the designation closes open windows; admins cannot be designated; a window never widens a role', async () => {
    const id = await confidentialPatient();
    await designate(oncall, true);
    expect((await oncall.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).statusCode).toBe(
      201,
    );
    await designate(oncall, false);
    expect((await oncall.get(`/api/patients/${id}`)).statusCode).toBe(404);
    expect((await grantsOf(id))[0]).toMatchObject({ end_reason: 'designation_removed' });
    expect((await oncall.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).statusCode).toBe(
      403,
    );

    const toAdmin = await admin.post(`/api/admin/users/${admin2.userId}/break-glass`, { allowed: true });
    expect(toAdmin.statusCode).toBe(409);
    expect(
      (await admin.post(`/api/admin/users/${randomUUID()}/break-glass`, { allowed: true })).statusCode,
    ).toBe(404);
    expect(
      (await admin.post(`/api/admin/users/${oncall.userId}/break-glass`, {})).json().errors[0].field,
    ).toBe('allowed');

    // Front desk designated: the window opens demographics (its role's permission), never clinical data.
    await designate(desk, true);
    expect((await desk.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).statusCode).toBe(
      201,
    );
    const chart = await desk.get(`/api/patients/${id}`);
    expect(chart.statusCode).toBe(200);
    expect(chart.json().clinical).toBeNull();
    expect((await desk.get(`/api/patients/${id}/measures`)).statusCode).toBe(403);
    const refused = (await entriesFor(id, desk.userId)).at(-1);
    expect(refused).toMatchObject({ outcome: 'denied' });
    expect(toBool(refused?.emergency)).toBe(true); // refused inside the window: flagged too
    await designate(desk, false);

    // Not needed on a chart one can already open; a missing patient is a plain 404.
    await designate(oncall, true);
    const open = await desk.post('/api/patients', {
      firstName: 'Open',
      lastName: 'Record',
      dateOfBirth: '1980-01-01',
      state: 'CA',
    });
    expect(
      (await oncall.post(`/api/patients/${open.json().id}/emergency-access`, { reason: REASON })).statusCode,
    ).toBe(409);
    expect(
      (await oncall.post(`/api/patients/${randomUUID()}/emergency-access`, { reason: REASON })).statusCode,
    ).toBe(404);
    expect((await carer.post(`/api/patients/${id}/emergency-access`, { reason: REASON })).statusCode).toBe(
      403,
    ); // not designated
    await designate(oncall, false);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });
});
