import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicalChartRead, patientWithTeamRead } from '../../src/server/features/patients/repository';
import { entryContextRead } from '../../src/server/features/sessions/repository/entries';
import { observationFacts } from '../../src/server/fhir/sources/facts';
import type { AuthContext } from '../../src/server/platform/auth-context';
import { sha256 } from '../../src/server/platform/crypto';
import { splitFolded } from '../../src/server/platform/repository/sessions';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { key, licensedStaff, readyPatient } from '../support/dosing';

/**
 * Issue #23: on PostgreSQL a route may fold its first read of a patient's record into the statement that reads
 * the session (platform/first-read.ts). The fold changes when the row is read, never who sees it: these run on
 * both engines (SQLite folds nothing, so each answer here is also the answer without the fold), and check that
 * a folded row equals the row read on its own, and is only ever handed to the same read of the same patient.
 */
let t: TestApp;
let prescriber: Agent;
let desk: Agent;
let patientA: string;
let patientB: string;
const postgres = () => t.ctx.handle.engine === 'postgres';

const tokenOf = (a: Agent) => a.cookie.slice(a.cookie.indexOf('=') + 1);
const fhir = (a: Agent, url: string) =>
  a.inject({ method: 'GET', url, headers: { accept: 'application/fhir+json' } });
const audited = async (patientId: string) =>
  (
    await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_id'])
      .where('patient_id', '=', patientId)
      .orderBy('seq')
      .execute()
  ).map((r) => `${r.action} ${r.outcome}`);

beforeAll(async () => {
  t = await buildTestApp();
  prescriber = await t.loginAs('prescriber');
  desk = await t.loginAs('front_desk');
  const create = async (lastName: string) => {
    const r = await desk.post('/api/patients', {
      firstName: 'Fold',
      lastName,
      dateOfBirth: '1975-02-03',
      state: 'CA',
    });
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  };
  patientA = await create('Alpha');
  patientB = await create('Beta');
});
afterAll(async () => {
  await t.close();
});

describe("a route's first read, folded into the session's statement", () => {
  it('answers the chart, the FHIR Patient read and the Observation search as before', async () => {
    const chart = await prescriber.get(`/api/patients/${patientA}`);
    expect(chart.statusCode).toBe(200);
    expect(chart.json().patient).toMatchObject({ id: patientA, lastName: 'Alpha' });
    expect(chart.json().clinical).not.toBeNull();
    const read = await fhir(prescriber, `/fhir/R4/Patient/${patientB}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: 'Patient', id: patientB, name: [{ family: 'Beta' }] });
    const search = await fhir(prescriber, `/fhir/R4/Observation?patient=Patient/${patientA}&code=8867-4`);
    expect(search.statusCode).toBe(200);
    expect(search.json()).toMatchObject({ resourceType: 'Bundle', total: 0 });
    // The front desk's chart (no clinical sections) is not folded: the same chart, without them.
    const deskChart = await desk.get(`/api/patients/${patientA}`);
    expect(deskChart.json().patient).toEqual(chart.json().patient);
    expect(deskChart.json().clinical).toBeNull();
  });

  it('reads the same row folded as on its own, for each of the three reads', async () => {
    if (!postgres()) return; // SQLite has no lateral join: nothing is folded there
    const db = t.ctx.db;
    const hash = sha256(tokenOf(prescriber));
    const today = t.clock.now().toISOString().slice(0, 10);
    const cases = [
      { reader: clinicalChartRead, args: [patientA, today, 'kap_informed_consent'] },
      { reader: patientWithTeamRead, args: [patientB] },
      { reader: observationFacts, args: [patientA] },
    ] as const;
    for (const { reader, args } of cases) {
      const [row] = await reader.fold(db, hash, args);
      const { session, read } = splitFolded(row as Record<string, unknown>);
      expect(session).toMatchObject({ user_id: prescriber.userId, role: 'prescriber', ended_at: null });
      const folded = reader.taken(read, 'prescriber', true);
      const [patientId, ...rest] = args;
      // biome-ignore lint/suspicious/noExplicitAny: the three readers take different arguments
      const alone = await (reader as any).read(db, patientId, ...rest);
      expect(alone).toBeDefined();
      expect(folded?.row).toEqual(alone);
      // A role without the read's permission has nothing folded; a patient that does not exist, no row.
      expect(reader.taken(read, 'admin', true)).toBeUndefined();
    }
    const [missing] = await patientWithTeamRead.fold(db, hash, [randomUUID()]);
    expect(
      patientWithTeamRead.taken(splitFolded(missing as Record<string, unknown>).read, 'nurse', true),
    ).toEqual({
      row: undefined,
    });
    // A token that matches no session reads nothing at all.
    expect(await patientWithTeamRead.fold(db, sha256('no such token'), [patientA])).toEqual([]);
  });

  it('hands a folded row only to the same read of the same patient, and only once', async () => {
    const db = t.ctx.db;
    const row = await patientWithTeamRead.read(db, patientA);
    const auth = {
      firstRead: { reader: patientWithTeamRead, args: [patientA], row },
    } as unknown as AuthContext;
    // Another patient: its own read, and the folded row stays for the read it was made for.
    expect((await patientWithTeamRead.readFor(auth)(db, patientB))?.patient.id).toBe(patientB);
    expect(auth.firstRead).toBeDefined();
    // Another reader of the same patient: its own read.
    expect((await observationFacts.readFor(auth)(db, patientA))?.facts).toBeDefined();
    // The same read of the same patient takes it, once; the next reads its own.
    const marked = { ...row, marker: 'folded' } as unknown as typeof row;
    auth.firstRead = { reader: patientWithTeamRead, args: [patientA], row: marked };
    expect(await patientWithTeamRead.readFor(auth)(db, patientA)).toBe(marked);
    expect(auth.firstRead).toBeUndefined();
    expect(await patientWithTeamRead.readFor(auth)(db, patientA)).toEqual(row);
    // Different arguments (the chart of another day) are another read.
    const chartAuth = {
      firstRead: {
        reader: clinicalChartRead,
        args: [patientA, '2000-01-01', 'kap_informed_consent'],
        row: marked,
      },
    } as unknown as AuthContext;
    const today = t.clock.now().toISOString().slice(0, 10);
    const own = await clinicalChartRead.readFor(chartAuth, today, 'kap_informed_consent')(db, patientA);
    expect(own).not.toBe(marked);
    expect(own?.id).toBe(patientA);
  });

  it('opens a confidential record only to those who may open it, audited as before', async () => {
    await t.ctx.db
      .insertInto('patient_confidentiality')
      .values({ patient_id: patientB, set_by: desk.userId, set_at: t.clock.now().toISOString() })
      .execute();
    try {
      const before = (await audited(patientB)).length;
      expect((await prescriber.get(`/api/patients/${patientB}`)).statusCode).toBe(404);
      expect((await fhir(prescriber, `/fhir/R4/Patient/${patientB}`)).statusCode).toBe(404);
      const search = await fhir(prescriber, `/fhir/R4/Observation?patient=${patientB}`);
      expect(search.json()).toMatchObject({ resourceType: 'Bundle', total: 0 });
      expect((await audited(patientB)).slice(before)).toEqual([
        'patient.read denied',
        'fhir.read denied',
        'fhir.search denied',
      ]);
    } finally {
      await t.ctx.db.deleteFrom('patient_confidentiality').where('patient_id', '=', patientB).execute();
    }
    expect((await prescriber.get(`/api/patients/${patientB}`)).statusCode).toBe(200);
  });

  it('answers a patient that does not exist like one the caller may not open', async () => {
    const nobody = randomUUID();
    expect((await prescriber.get(`/api/patients/${nobody}`)).statusCode).toBe(404);
    expect((await fhir(prescriber, `/fhir/R4/Patient/${nobody}`)).statusCode).toBe(404);
    expect((await prescriber.get('/api/patients/not-an-id')).statusCode).toBe(422);
  });

  it("refuses a patient's portal account another patient's record", async () => {
    const portal = await t.loginAs('patient', { patientId: patientA });
    expect((await portal.get(`/api/patients/${patientB}`)).statusCode).toBe(403);
    expect((await fhir(portal, `/fhir/R4/Patient/${patientB}`)).statusCode).toBe(403);
  });

  it('reads nothing for a session that has not passed its MFA step', async () => {
    const nurse = await t.loginAs('nurse');
    await t.ctx.db.updateTable('users').set({ mfa_enabled: 1 }).where('id', '=', nurse.userId).execute();
    const { token } = await t.ctx.sessions.create(nurse.userId, {
      mfaVerified: false,
      ip: null,
      userAgent: null,
    });
    const cookie = `${nurse.cookie.slice(0, nurse.cookie.indexOf('='))}=${token}`;
    const res = await t.app.inject({ method: 'GET', url: `/api/patients/${patientA}`, headers: { cookie } });
    expect(res.json().code).toBe('mfa_required');
    expect(res.body).not.toContain('Alpha');
    if (!postgres()) return;
    const [row] = await patientWithTeamRead.fold(t.ctx.db, sha256(token), [patientA]);
    const { session, read } = splitFolded(row as Record<string, unknown>);
    expect(session).toMatchObject({ user_id: nurse.userId, mfa_verified: 0, mfa_enabled: 1 });
    // The lateral read did not run: every one of its columns is empty, and nothing is handed on.
    expect(Object.values(read).every((v) => v === null)).toBe(true);
    expect(patientWithTeamRead.taken(read, 'nurse', false)).toBeUndefined();
  });

  it('reads nothing for an ended session or a disabled account', async () => {
    const nurse = await t.loginAs('nurse');
    expect((await nurse.get(`/api/patients/${patientA}`)).statusCode).toBe(200);
    await t.ctx.sessions.endAllForUser(nurse.userId, 'test');
    const ended = await nurse.get(`/api/patients/${patientA}`);
    expect(ended.statusCode).toBe(401);
    expect(ended.body).not.toContain('Alpha');
    expect((await fhir(nurse, `/fhir/R4/Patient/${patientA}`)).statusCode).toBe(401);
    const other = await t.loginAs('nurse');
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', other.userId).execute();
    const disabled = await fhir(other, `/fhir/R4/Observation?patient=${patientA}`);
    expect(disabled.statusCode).toBe(401);
    expect(disabled.body).not.toContain(patientA);
  });

  it("folds a monitoring entry's context with a write's key, and hands it on only for the body's key", async () => {
    const staff = await licensedStaff(t, 'CA-FOLD');
    const { patientId, courseId } = await readyPatient(staff);
    const started = await staff.nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
    expect(started.statusCode).toBe(201);
    const sessionId = started.json().id as string;
    const url = `/api/patients/${patientId}/sessions/${sessionId}/entries`;
    const entry = { kind: 'vitals', vitals: { hr: 74, sbp: 124, dbp: 80 } };
    const save = (header: string, bodyKey: string) =>
      staff.nurse.inject({
        method: 'POST',
        url,
        payload: { idempotencyKey: bodyKey, entry },
        headers: { 'idempotency-key': header },
      });
    // The same key in the header and the body (read with the session on PostgreSQL), then two different ones.
    const same = key();
    const first = await save(same, same);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ replayed: false, alerts: [] });
    const replay = await save(same, same);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    const other = await save(key(), key());
    expect(other.statusCode).toBe(201);
    // The body's key of a saved entry under a new request key: the entry is answered as already saved.
    const again = await save(key(), same);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    const stored = await t.ctx.db
      .selectFrom('session_entries')
      .select('id')
      .where('session_id', '=', sessionId)
      .execute();
    expect(stored).toHaveLength(2);
    // Another patient's session under this patient's path: not found, folded or not.
    const elsewhere = key();
    const wrong = await staff.nurse.inject({
      method: 'POST',
      url: `/api/patients/${patientA}/sessions/${sessionId}/entries`,
      payload: { idempotencyKey: elsewhere, entry },
      headers: { 'idempotency-key': elsewhere },
    });
    expect(wrong.statusCode).toBe(404);

    if (!postgres()) return;
    const hash = sha256(tokenOf(staff.nurse));
    const args = [patientId, sessionId, same] as const;
    const [row] = await entryContextRead.fold(t.ctx.db, hash, args, same);
    const { session, read } = splitFolded(row as Record<string, unknown>);
    // The sign-in session's columns are its own (the dosing session's are named apart), with the key's record.
    expect(session).toMatchObject({
      id: expect.any(String),
      user_id: staff.nurse.userId,
      role: 'nurse',
      key_key: same,
      key_status_code: 201,
    });
    const folded = entryContextRead.taken(read, 'nurse', true);
    expect(folded?.row).toEqual(await entryContextRead.read(t.ctx.db, ...args));
    expect(folded?.row).toMatchObject({ id: patientId, existing_id: first.json().id });
    // A role that may not run a session has nothing read.
    expect(entryContextRead.taken(read, 'front_desk', true)).toBeUndefined();
    // A key never used: no record of it.
    const [fresh] = await entryContextRead.fold(t.ctx.db, hash, args, key());
    expect(splitFolded(fresh as Record<string, unknown>).session).toMatchObject({ key_key: null });
  });
});
