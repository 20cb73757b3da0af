import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppendOnlyViolation, isPostgres } from '../../src/server/db/dialect';
import { retentionReport } from '../../src/server/features/retention/report';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { setSetting } from '../../src/server/platform/settings';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { liminalCommand } from '../support/cli';

/**
 * S18 retention: nothing in the audit log, the ledger or a signed clinical record can be deleted (or rewritten)
 * by any path — the database refuses it on both engines — and `liminal retention report` computes each table's
 * floor (audit 6 years, ledger 2, clinical per clinic policy but never under 6) against a fake clock.
 * History is written through the real API at three moments: mid-2019, mid-2025 and "now" (25 Nov 2026).
 */
let t: TestApp;
const NOW = '2026-11-25T15:00:00.000Z';
const OLD = '2019-06-01T09:00:00.000Z';
const RECENT = '2025-06-01T09:00:00.000Z';
let patientId: string;
let courseId: string;
const notes: { old?: string; recent?: string; draft?: string } = {};
let signatureId: string;
let responseId: string;
let sessionId: string;
let productId: string;
let locationId: string;

const put = (a: Agent, url: string, body: unknown) =>
  a.inject({ method: 'PUT', url, payload: body as object });

/** At the clock's current time: a signed preparation note, a consent signature, a scored PHQ-9, stock received. */
async function history(label: string): Promise<{ noteId: string }> {
  const [prescriber, therapist, nurse, desk] = await Promise.all([
    t.loginAs('prescriber'),
    t.loginAs('therapist'),
    t.loginAs('nurse'),
    t.loginAs('front_desk'),
  ]);
  if (!patientId) {
    patientId = (
      await desk.post('/api/patients', {
        firstName: 'Rita',
        lastName: 'Retention',
        dateOfBirth: '1970-01-01',
        state: 'CA',
      })
    ).json().id;
    const admin = await t.loginAs('admin');
    locationId = (
      await admin.post('/api/ledger/locations', { name: 'Main safe', deaRegistration: 'AB1234563' })
    ).json().id;
    productId = (
      await admin.post('/api/ledger/products', {
        name: 'Ketamine troche 100 mg',
        ndc: '12345-678-90',
        form: 'troche',
        unitStrengthUg: 100_000,
        unitsPerContainer: 10,
      })
    ).json().id;
  }
  if (!courseId) {
    const course = await prescriber.post(`/api/patients/${patientId}/courses`, {
      templateKey: 'im_kap',
      indications: ['Treatment-resistant depression'],
    });
    expect(course.statusCode, course.body).toBe(201);
    courseId = course.json().id;
  }
  const day = t.clock.now().toISOString().slice(0, 10);
  const note = (
    await therapist.post(`/api/patients/${patientId}/courses/${courseId}/notes`, {
      kind: 'preparation',
      sessionDate: day,
    })
  ).json();
  expect(
    (
      await put(therapist, `/api/patients/${patientId}/notes/${note.id}`, {
        version: note.version,
        content: { intentions: `Intentions ${label}` },
      })
    ).statusCode,
  ).toBe(200);
  expect((await therapist.post(`/api/patients/${patientId}/notes/${note.id}/sign`)).statusCode).toBe(200);
  const doc = (await nurse.get('/api/consent/documents')).json().documents[0];
  // The current consent is signed once: the earlier signature is withdrawn before a new one.
  if (signatureId)
    expect(
      (
        await nurse.post(`/api/patients/${patientId}/consents/${signatureId}/revoke`, {
          reason: 'Withdrawn before re-consenting',
        })
      ).statusCode,
    ).toBe(200);
  const sig = await nurse.post(`/api/patients/${patientId}/consents`, {
    documentId: doc.id,
    signedName: 'Rita Retention',
    witnessUserId: desk.userId,
  });
  expect(sig.statusCode).toBe(201);
  signatureId = sig.json().id;
  const a = (
    await nurse.post(`/api/patients/${patientId}/measures/assign`, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'once' },
    })
  ).json().assignments[0].id;
  const entered = await nurse.post(`/api/patients/${patientId}/measures/${a}/responses`, {
    answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9-${i + 1}`, 1])),
  });
  expect(entered.statusCode).toBe(201);
  responseId = entered.json().responseId;
  const received = await nurse.post('/api/ledger/receive', {
    productId,
    lotNumber: `L-${label}`,
    expiresOn: `${Number(day.slice(0, 4)) + 2}-01-31`,
    locationId,
    containerCount: 1,
    supplier: 'Acme Pharma',
    invoiceNumber: `INV-${label}`,
    receivedOn: day,
  });
  expect(received.statusCode, received.body).toBe(201);
  return { noteId: note.id };
}

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(OLD);
  notes.old = (await history('2019')).noteId;
  t.clock.set(RECENT);
  notes.recent = (await history('2025')).noteId;
  t.clock.set(NOW);
  const therapist = await t.loginAs('therapist');
  const course = courseId;
  const draft = await therapist.post(`/api/patients/${patientId}/courses/${course}/notes`, {
    kind: 'preparation',
    sessionDate: '2026-11-25',
  });
  expect(draft.statusCode, draft.body).toBe(201);
  notes.draft = draft.json().id;
  // A signed dosing session (the console's whole flow is covered in test/http/sessions.test.ts).
  sessionId = randomUUID();
  const staff = await t.ctx.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'prescriber')
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('dosing_sessions')
    .values({
      id: sessionId,
      course_id: course,
      patient_id: patientId,
      number: 1,
      route: 'esketamine',
      setting: 'in_clinic',
      status: 'signed',
      readiness: '{}',
      checklist: null,
      weight_kg: 70,
      hold: null,
      hold_override: null,
      dose_order: null,
      first_dose_at: NOW,
      discharge: null,
      discharged_at: NOW,
      narrative: 'Uneventful.',
      rems: null,
      rems_submitted_at: null,
      signed_by: staff.id,
      signed_at: NOW,
      started_by: staff.id,
      started_at: NOW,
      version: 1,
      updated_at: NOW,
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

const refused = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the database accepted the change').not.toBeNull();
  expect(isAppendOnlyViolation(err)).toBe(true);
};

describe('nothing kept can be deleted or rewritten (both engines)', () => {
  it('audit log and ledger refuse UPDATE and DELETE, old rows included', async () => {
    const db = t.ctx.db;
    await refused(db.deleteFrom('audit_log').where('at', '<', '2020-01-01').execute());
    await refused(db.updateTable('audit_log').set({ detail: null }).where('at', '<', '2020-01-01').execute());
    await refused(db.deleteFrom('ledger_events').where('at', '<', '2020-01-01').execute());
    await refused(
      db.updateTable('ledger_events').set({ reason: 'x' }).where('at', '<', '2020-01-01').execute(),
    );
    if (isPostgres(db)) await refused(sql`truncate ledger_events, audit_log cascade`.execute(db));
  });

  it('a signed note can be neither changed nor deleted; a draft still can be edited', async () => {
    const db = t.ctx.db;
    await refused(
      db
        .deleteFrom('therapy_notes')
        .where('id', '=', notes.old as string)
        .execute(),
    );
    await refused(
      db
        .updateTable('therapy_notes')
        .set({ content: '{}' })
        .where('id', '=', notes.old as string)
        .execute(),
    );
    await refused(
      db
        .updateTable('therapy_notes')
        .set({ status: 'draft', signed_at: null })
        .where('id', '=', notes.recent as string)
        .execute(),
    );
    const draft = await db
      .updateTable('therapy_notes')
      .set({ updated_at: NOW })
      .where('id', '=', notes.draft as string)
      .executeTakeFirst();
    expect(Number(draft.numUpdatedRows)).toBe(1);
    if (isPostgres(db)) await refused(sql`truncate therapy_notes cascade`.execute(db));
    expect(
      (await db.selectFrom('therapy_notes').select('id').where('status', '=', 'signed').execute()).length,
    ).toBe(2);
  });

  it('a signed dosing session is locked except for the REMS "submitted" mark the service sets after signing', async () => {
    const db = t.ctx.db;
    await refused(
      db.updateTable('dosing_sessions').set({ narrative: 'rewritten' }).where('id', '=', sessionId).execute(),
    );
    await refused(
      db
        .updateTable('dosing_sessions')
        .set({ signed_at: null, status: 'monitoring' })
        .where('id', '=', sessionId)
        .execute(),
    );
    await refused(db.deleteFrom('dosing_sessions').where('id', '=', sessionId).execute());
    const rems = await db
      .updateTable('dosing_sessions')
      .set({ rems_submitted_at: NOW, version: 2, updated_at: NOW })
      .where('id', '=', sessionId)
      .executeTakeFirst();
    expect(Number(rems.numUpdatedRows)).toBe(1);
  });

  it('consent signatures are never deleted, what was signed never changes, and a revocation is recorded once', async () => {
    const db = t.ctx.db;
    await refused(db.deleteFrom('consent_signatures').where('patient_id', '=', patientId).execute());
    await refused(
      db
        .updateTable('consent_signatures')
        .set({ signed_name: 'Someone Else' })
        .where('id', '=', signatureId)
        .execute(),
    );
    await refused(
      db.updateTable('consent_signatures').set({ signed_at: NOW }).where('id', '=', signatureId).execute(),
    );
    const nurse = await t.loginAs('nurse');
    const revoke = await nurse.post(`/api/patients/${patientId}/consents/${signatureId}/revoke`, {
      reason: 'Patient asked to withdraw consent',
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    await refused(
      db
        .updateTable('consent_signatures')
        .set({ revoked_at: null, revoked_by: null, revoke_reason: null })
        .where('id', '=', signatureId)
        .execute(),
    );
    if (isPostgres(db)) await refused(sql`truncate consent_signatures cascade`.execute(db));
  });

  it('a completed questionnaire and its score are locked', async () => {
    const db = t.ctx.db;
    await refused(
      db.updateTable('measure_responses').set({ answers: '{}' }).where('id', '=', responseId).execute(),
    );
    await refused(db.deleteFrom('measure_responses').where('id', '=', responseId).execute());
    await refused(
      db.updateTable('measure_scores').set({ total: 0 }).where('response_id', '=', responseId).execute(),
    );
    await refused(db.deleteFrom('measure_scores').where('response_id', '=', responseId).execute());
  });

  it('after all that, the audit chain still verifies', async () => {
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });
});

describe('retention report (fake clock)', () => {
  const byTable = (r: Awaited<ReturnType<typeof retentionReport>>) =>
    new Map(r.tables.map((x) => [x.table, x]));
  const countBefore = async (table: 'audit_log' | 'ledger_events', cutoff: string) =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('at', '<', cutoff)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('computes each floor from its source and counts what has passed it', async () => {
    const report = await retentionReport(t.ctx.db, t.clock.now());
    expect(report).toMatchObject({ at: NOW, purgePath: 'none', clinicalPolicyYears: null, warnings: [] });
    const tables = byTable(report);
    const audit = tables.get('audit_log');
    expect(audit).toMatchObject({
      floorYears: 6,
      cutoff: '2020-11-25T15:00:00.000Z',
      oldest: expect.stringMatching(/^2019-06-01/),
      eligibleForPurge: true,
      source: expect.stringMatching(/164\.316/),
    });
    expect(audit?.pastFloor).toBe(await countBefore('audit_log', '2020-11-25T15:00:00.000Z'));
    expect(audit?.pastFloor).toBeLessThan(audit?.rows ?? 0);
    const ledger = tables.get('ledger_events');
    expect(ledger).toMatchObject({
      floorYears: 2,
      cutoff: '2024-11-25T15:00:00.000Z',
      oldest: expect.stringMatching(/^2019-06-01/),
      source: expect.stringMatching(/1304\.04\(a\)/),
    });
    expect(ledger?.pastFloor).toBe(await countBefore('ledger_events', '2024-11-25T15:00:00.000Z'));
    expect(ledger?.pastFloor).toBeGreaterThan(0);
    expect(ledger?.rows).toBeGreaterThan(ledger?.pastFloor ?? 0);
    // Signed notes only (the draft is not part of the kept record): one from 2019 (past 6 years), one from 2025.
    expect(tables.get('therapy_notes')).toMatchObject({
      rows: 2,
      pastFloor: 1,
      floorYears: 6,
      oldest: expect.stringMatching(/^2019-06-01/),
    });
    expect(tables.get('consent_signatures')).toMatchObject({ rows: 2, pastFloor: 1 });
    expect(tables.get('measure_responses')).toMatchObject({ rows: 2, pastFloor: 1 });
    expect(tables.get('measure_scores')).toMatchObject({ rows: 2, pastFloor: 1 });
    expect(tables.get('dosing_sessions')).toMatchObject({ rows: 1, pastFloor: 0, eligibleForPurge: false });
  });

  it('a clinic policy longer than the floor applies to clinical records only; a shorter one is ignored with a warning', async () => {
    await setSetting(t.ctx.db, 'retention.clinicalRecordYears', 10, null, NOW);
    let tables = byTable(await retentionReport(t.ctx.db, t.clock.now()));
    expect(tables.get('therapy_notes')).toMatchObject({
      floorYears: 10,
      cutoff: '2016-11-25T15:00:00.000Z',
      pastFloor: 0,
      eligibleForPurge: false,
    });
    expect(tables.get('audit_log')?.floorYears).toBe(6);
    expect(tables.get('ledger_events')?.floorYears).toBe(2);
    await setSetting(t.ctx.db, 'retention.clinicalRecordYears', 3, null, NOW);
    const low = await retentionReport(t.ctx.db, t.clock.now());
    expect(low.warnings[0]).toMatch(/below the 6-year floor/);
    tables = byTable(low);
    expect(tables.get('therapy_notes')).toMatchObject({ floorYears: 6, pastFloor: 1 });
    await setSetting(t.ctx.db, 'retention.clinicalRecordYears', null, null, NOW);
  });

  it('moves with the clock: nothing is past a floor the day before, and recent rows pass theirs later', async () => {
    // One day before the 2019 rows turn six years old (and two before the ledger's 2 years end for 2025 rows).
    let tables = byTable(await retentionReport(t.ctx.db, new Date('2025-05-31T09:00:00.000Z')));
    expect(tables.get('audit_log')?.pastFloor).toBe(0);
    expect(tables.get('therapy_notes')?.pastFloor).toBe(0);
    expect(tables.get('ledger_events')?.pastFloor).toBe(
      await countBefore('ledger_events', '2023-05-31T09:00:00.000Z'),
    );
    tables = byTable(await retentionReport(t.ctx.db, new Date('2031-07-01T00:00:00.000Z')));
    expect(tables.get('therapy_notes')?.pastFloor).toBe(2); // the 2025 note turned six on 2031-06-01
    expect(tables.get('ledger_events')?.pastFloor).toBe(tables.get('ledger_events')?.rows);
  });

  it('`liminal retention report --json --at` prints the same report from the command line', async () => {
    const env: Record<string, string> = { LOG_LEVEL: 'silent' };
    let dir: string | null = null;
    if (t.db.engine === 'postgres') env.DATABASE_URL = t.db.location;
    else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lim-retention-'));
      await t.db.handle.sqlite?.backup(path.join(dir, 'liminal.db'));
      env.DATA_DIR = dir;
    }
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...liminalCommand(), 'retention', 'report', '--json', '--at', NOW],
        {
          env: { ...process.env, ...env },
          cwd: process.cwd(),
        },
      );
      const fromCli = JSON.parse(stdout);
      const direct = await retentionReport(t.ctx.db, new Date(NOW));
      expect(fromCli).toEqual(JSON.parse(JSON.stringify(direct)));
      const bad = await promisify(execFile)(
        process.execPath,
        [...liminalCommand(), 'retention', 'report', '--at', 'soon'],
        { env: { ...process.env, ...env }, cwd: process.cwd() },
      ).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(bad?.code).toBe(2);
      expect(bad?.stderr).toMatch(/--at must be an ISO-8601 instant/);
      // The clinic's policy for clinical records: never below the floor; a longer one shows in the report.
      const run = (args: string[]) =>
        promisify(execFile)(process.execPath, [...liminalCommand(), 'retention', ...args], {
          env: { ...process.env, ...env },
          cwd: process.cwd(),
        }).then(
          (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      const tooShort = await run(['set-clinical-years', '3']);
      expect(tooShort.code).toBe(2);
      expect(tooShort.stderr).toMatch(/from 6 to 100/);
      expect((await run(['set-clinical-years', '8'])).code).toBe(0);
      const after = JSON.parse((await run(['report', '--json', '--at', NOW])).stdout);
      expect(after.clinicalPolicyYears).toBe(8);
      expect(after.tables.find((x: { table: string }) => x.table === 'therapy_notes')).toMatchObject({
        floorYears: 8,
        cutoff: '2018-11-25T15:00:00.000Z',
      });
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
