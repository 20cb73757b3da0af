import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailAttachments } from '../../src/server/features/scheduling/notify';
import { startScheduler, stopScheduler } from '../../src/server/features/scheduling/reminders';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * Scheduling storage on the engine of this run: the migration's shipped types and constraints, the .ics
 * kept beside each visit email for the mailer to attach, and the background reminder job.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2026-10-20T15:00:00.000Z');
  [admin, desk] = await Promise.all([t.loginAs('admin'), t.loginAs('front_desk')]);
});
afterAll(async () => {
  await stopScheduler(t.ctx);
  await t.close();
});

async function bookedVisit(email: string) {
  const therapist = await t.loginAs('therapist');
  await admin.post(`/api/admin/users/${therapist.userId}/licences`, {
    state: 'CA',
    licenceType: 'LMFT',
    number: 'T1',
    expiresOn: '2030-01-01',
  });
  const types = (await desk.get('/api/scheduling/resources')).json().types as { code: string; id: string }[];
  const p = (
    await desk.post('/api/patients', {
      firstName: 'Ics',
      lastName: 'Owner',
      dateOfBirth: '1980-03-03',
      state: 'CA',
      email,
    })
  ).json();
  const r = await desk.post('/api/appointments', {
    patientId: p.id,
    typeId: types.find((x) => x.code === 'integration')?.id,
    startsAt: '2026-10-23T14:00:00-07:00',
    modality: 'video',
    videoUrl: 'https://video.example/r/1',
    patientLocationState: 'CA',
    staff: [{ userId: therapist.userId, role: 'therapist' }],
  });
  expect(r.statusCode).toBe(201);
  return r.json().appointment as { id: string };
}

describe('scheduling storage', () => {
  it('ships the visit types and refuses a visit that belongs to nobody', async () => {
    const types = await t.ctx.db
      .selectFrom('appointment_types')
      .select(['code', 'default_minutes', 'certified_site_required'])
      .orderBy('code')
      .execute();
    expect(types.map((x) => x.code)).toEqual([
      'consultation',
      'dosing_esketamine',
      'dosing_im',
      'dosing_iv',
      'dosing_sublingual',
      'follow_up',
      'integration',
      'preparation',
    ]);
    expect(types.find((x) => x.code === 'dosing_esketamine')).toMatchObject({
      default_minutes: 135,
      certified_site_required: 1,
    });
    const typeId = (await t.ctx.db.selectFrom('appointment_types').select('id').executeTakeFirstOrThrow()).id;
    const now = t.clock.now().toISOString();
    await expect(
      t.ctx.db
        .insertInto('appointments')
        .values({
          id: randomUUID(),
          patient_id: null,
          enquiry_id: null,
          type_id: typeId,
          course_id: null,
          starts_at: now,
          ends_at: now,
          timezone: 'UTC',
          location_id: null,
          room_id: null,
          modality: 'video',
          video_url: null,
          patient_location_state: 'CA',
          status: 'booked',
          cancel_reason: null,
          cancelled_by: null,
          cancelled_by_kind: null,
          late_cancel: 0,
          status_changed_at: null,
          escort_name: null,
          escort_phone: null,
          confirmed_at: null,
          source: 'staff',
          booked_by: null,
          sequence: 0,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('keeps an .ics beside each visit email; a cancellation replaces the event in the patient’s calendar', async () => {
    const email = `ics.${randomUUID().slice(0, 6)}@example.test`;
    const visit = await bookedVisit(email);
    expect(
      (await desk.post(`/api/appointments/${visit.id}/cancel`, { reason: 'Therapist unwell' })).statusCode,
    ).toBe(200);
    const outbox = await t.ctx.db
      .selectFrom('outbox')
      .select(['id', 'subject'])
      .where('to_address', '=', email)
      .orderBy('created_at')
      .execute();
    expect(outbox.map((o) => o.subject)).toEqual([
      'Your visit at Liminal Clinic on Friday, October 23 is booked',
      'Your visit at Liminal Clinic on Friday, October 23 is cancelled',
    ]);
    const [booked, cancelled] = await Promise.all(outbox.map((o) => mailAttachments(t.ctx.db, o.id)));
    expect(booked?.[0]).toMatchObject({ filename: 'visit.ics', contentType: 'text/calendar; charset=utf-8' });
    const first = new ICAL.Component(ICAL.parse(booked?.[0]?.content ?? ''));
    const ev = new ICAL.Event(first.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(ev).toMatchObject({
      uid: `${visit.id}@liminal`,
      summary: 'Integration session at Liminal Clinic',
      location: 'By video: https://video.example/r/1',
      sequence: 0,
    });
    expect(ev.startDate.toJSDate().toISOString()).toBe('2026-10-23T21:00:00.000Z');
    const second = new ICAL.Component(ICAL.parse(cancelled?.[0]?.content ?? ''));
    expect(second.getFirstPropertyValue('method')).toBe('CANCEL');
    const cev = second.getFirstSubcomponent('vevent') as ICAL.Component;
    expect(cev.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cev.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('runs reminders in the background until stopped', async () => {
    const email = `bg.${randomUUID().slice(0, 6)}@example.test`;
    const visit = await bookedVisit(email);
    t.clock.set('2026-10-23T19:00:00.000Z'); // the 2 h reminder is due
    startScheduler(t.ctx, 20);
    const deadline = Date.now() + 5000;
    let status = '';
    while (Date.now() < deadline) {
      const rows = await t.ctx.db
        .selectFrom('appointment_reminders')
        .select('status')
        .where('appointment_id', '=', visit.id)
        .where('kind', '=', '2h')
        .execute();
      status = rows[0]?.status ?? '';
      if (status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await stopScheduler(t.ctx);
    // No SMTP server is configured here, so the message waits in the outbox (queued), claimed exactly once.
    expect(status).toBe('queued');
    const queued = await t.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('to_address', '=', email)
      .where('subject', 'like', 'Reminder:%')
      .execute();
    expect(queued).toHaveLength(1);
  });
});
