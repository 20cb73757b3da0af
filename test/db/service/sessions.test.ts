import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatientsService } from '../../../src/server/features/patients/service';
import { SessionEntriesService } from '../../../src/server/features/sessions/entries';
import { SessionLifecycleService } from '../../../src/server/features/sessions/lifecycle';
import {
  correctionsIn,
  findSession,
  liveReadings,
  sessionEntries,
} from '../../../src/server/features/sessions/repository';
import { summariseSessions } from '../../../src/server/features/sessions/summary';
import type { AuthContext } from '../../../src/server/platform/auth-context';
import { AppError } from '../../../src/server/platform/errors';
import { permissionsFor, type Role } from '../../../src/server/platform/permissions';
import { buildTestApp, type TestApp } from '../../support/app';
import { courseRow, sessionRow } from '../../support/rows';

/**
 * The sessions services on a real database, called directly (no HTTP): what their repository reads and the
 * rules they apply. Rows a test only needs as a starting point are written straight into the tables.
 */
let t: TestApp;
let nurse: AuthContext;
let prescriber: AuthContext;

async function staff(role: Role): Promise<AuthContext> {
  const u = await t.createUser({ role });
  return {
    userId: u.id,
    role,
    name: role,
    email: u.email,
    permissions: new Set(permissionsFor(role)),
    patientId: null,
    sessionId: 'service-test',
    mfaVerified: true,
    emergency: false,
    ip: null,
    requestId: 'service-test',
  };
}

/** A patient with an active course and a session of it, in `status` (monitoring: the dose was given). */
async function sessionIn(status: 'pre_dose' | 'monitoring') {
  const now = t.clock.now().toISOString();
  const { id: patientId } = await new PatientsService(t.ctx).create(await staff('front_desk'), {
    firstName: 'Service',
    lastName: `Tier${randomUUID().slice(0, 4)}`,
    dateOfBirth: '1984-04-04',
    state: 'CA',
  });
  const course = courseRow(patientId, prescriber.userId, now);
  await t.ctx.db.insertInto('courses').values(course).execute();
  const session = sessionRow(course, nurse.userId, now, {
    status,
    first_dose_at: status === 'monitoring' ? now : null,
    dose_order: status === 'monitoring' ? JSON.stringify({ mg: 60 }) : null,
  });
  await t.ctx.db.insertInto('dosing_sessions').values(session).execute();
  return { patientId, courseId: course.id, sessionId: session.id };
}

const vitals = (v: Record<string, number>, correctsId?: string) => ({
  idempotencyKey: randomUUID(),
  entry: { kind: 'vitals' as const, vitals: v },
  ...(correctsId ? { correctsId } : {}),
});

beforeAll(async () => {
  t = await buildTestApp();
  [nurse, prescriber] = [await staff('nurse'), await staff('prescriber')];
});
afterAll(async () => {
  await t.close();
});

describe('live readings', () => {
  it('the one reader keeps every entry; the live readings leave out what a later entry corrected', async () => {
    const { patientId, sessionId } = await sessionIn('monitoring');
    const entries = new SessionEntriesService(t.ctx);
    await entries.addEntry(nurse, patientId, sessionId, vitals({ sbp: 128, dbp: 80, hr: 72, spo2: 98 }));
    t.clock.advanceMinutes(15);
    const wrong = await entries.addEntry(nurse, patientId, sessionId, vitals({ sbp: 210, dbp: 82, hr: 130 }));
    t.clock.advanceMinutes(1);
    const fix = await entries.addEntry(
      nurse,
      patientId,
      sessionId,
      vitals({ sbp: 120, dbp: 82, hr: 74 }, wrong.id),
    );

    const all = await sessionEntries(t.ctx.db, { sessionIds: [sessionId] });
    expect(all.map((e) => e.id)).toContain(wrong.id);
    expect(correctionsIn(all).get(wrong.id)).toBe(fix.id);
    const live = (await liveReadings(t.ctx.db, [sessionId])).get(sessionId) ?? [];
    expect(live.map((r) => r.sbp)).toEqual([128, 120]);
    // The corrected reading fired an alert; the live readings do not carry it.
    expect(live.flatMap((r) => r.alerts)).toEqual([]);
  });

  it("the course summary's peaks are those of the live readings", async () => {
    const { patientId, courseId, sessionId } = await sessionIn('monitoring');
    const entries = new SessionEntriesService(t.ctx);
    await entries.addEntry(nurse, patientId, sessionId, vitals({ sbp: 128, dbp: 80, hr: 72 }));
    const wrong = await entries.addEntry(nurse, patientId, sessionId, vitals({ sbp: 210, dbp: 82, hr: 130 }));
    await entries.addEntry(nurse, patientId, sessionId, vitals({ sbp: 120, dbp: 82, hr: 74 }, wrong.id));
    const [summary] = await summariseSessions(t.ctx.db, courseId, t.clock.now().toISOString());
    expect(summary).toMatchObject({ id: sessionId, peakSbp: 128, peakHr: 74, alerts: 0 });
  });
});

describe('lifecycle', () => {
  it('refuses to sign a session before discharge, and changes nothing', async () => {
    const { patientId, sessionId } = await sessionIn('monitoring');
    const before = await findSession(t.ctx.db, patientId, sessionId);
    const refused = await new SessionLifecycleService(t.ctx)
      .sign(prescriber, patientId, sessionId)
      .catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'conflict',
      detail: 'Discharge the patient before signing the session.',
    });
    expect(await findSession(t.ctx.db, patientId, sessionId)).toEqual(before);
  });

  it('refuses to discharge a patient who was not dosed', async () => {
    const { patientId, sessionId } = await sessionIn('pre_dose');
    const refused = await new SessionLifecycleService(t.ctx)
      .discharge(nurse, patientId, sessionId, {
        oriented: true,
        walksSafely: true,
        sedationResolved: true,
        dissociationResolved: true,
        escortName: 'Alex Example',
        acknowledgedNoDriving: true,
        readyToLeaveAt: t.clock.now().toISOString(),
      })
      .catch((e) => e);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.detail).toMatch(/No dose was given/);
  });
});
