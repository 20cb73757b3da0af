import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueReminders } from '../../src/server/features/scheduling/reminders';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * Reminders: timing with a fake clock (across the 1 November 2026 DST change), delivery through a real
 * SMTP server on loopback, exactly once even when runs overlap, retried after a failure and shown to staff
 * meanwhile, and visible in the patient's record.
 */
interface Mail {
  to: string[];
  subject: string;
  text: string;
}
const inbox: Mail[] = [];
let failing = false;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => {
      raw += c;
    });
    stream.on('end', () => {
      // A mail server that is temporarily refusing mail: the sender must retry later.
      if (failing)
        return callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
      const [head = '', ...body] = raw.split(/\r?\n\r?\n/);
      const text = body
        .join('\n\n')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
      inbox.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: /^Subject: (.*)$/im.exec(head)?.[1] ?? '',
        text: Buffer.from(text, 'latin1').toString('utf8'),
      });
      callback();
    });
  },
});

const LA = 'America/Los_Angeles';
let t: TestApp;
let admin: Agent;
let desk: Agent;
let ids: { prescriber: string; nurse: string; therapist: string };
let location: string;
let office: string;
let dosingType: string;
let prepType: string;

const mailTo = (email: string) => inbox.filter((m) => m.to.includes(email));
/** Sessions idle out when the fake clock jumps; staff sign in again after each jump. */
const staff = async () => {
  desk = await t.loginAs('front_desk');
  admin = await t.loginAs('admin');
};

async function bookDosing(startsAt: string, over: Record<string, unknown> = {}) {
  const email = `rem.${randomUUID().slice(0, 8)}@example.test`;
  const p = (
    await desk.post('/api/patients', {
      firstName: 'Remy',
      lastName: `R${randomUUID().slice(0, 4)}`,
      dateOfBirth: '1982-02-02',
      state: 'CA',
      email,
      ...over,
    })
  ).json();
  const room = (
    await admin.post(`/api/admin/scheduling/locations/${location}/rooms`, {
      name: `Chair ${randomUUID().slice(0, 6)}`,
      kind: 'chair',
    })
  ).json().id;
  const r = await desk.post('/api/appointments', {
    patientId: p.id,
    typeId: dosingType,
    startsAt,
    modality: 'in_person',
    locationId: location,
    roomId: room,
    escortName: 'Sam (sister)',
    sendConfirmation: false,
    staff: [
      { userId: ids.nurse, role: 'nurse' },
      { userId: ids.prescriber, role: 'prescriber' },
    ],
  });
  expect(r.statusCode).toBe(201);
  return { patientId: p.id as string, email, appointment: r.json().appointment as { id: string } };
}
const remindersOf = async (patientId: string) =>
  (await desk.get(`/api/patients/${patientId}/appointments`)).json().appointments[0].reminders as {
    kind: string;
    sendAt: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }[];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  t = await buildTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  t.clock.set('2026-10-20T15:00:00.000Z');
  await staff();
  const people = await Promise.all(
    (['prescriber', 'nurse', 'therapist'] as const).map((role) => t.loginAs(role)),
  );
  ids = {
    prescriber: people[0]?.userId as string,
    nurse: people[1]?.userId as string,
    therapist: people[2]?.userId as string,
  };
  for (const [id, type] of [
    [ids.prescriber, 'MD'],
    [ids.nurse, 'RN'],
    [ids.therapist, 'LMFT'],
  ]) {
    await admin.post(`/api/admin/users/${id}/licences`, {
      state: 'CA',
      licenceType: type,
      number: 'X1',
      expiresOn: '2030-01-01',
    });
  }
  location = (
    await admin.post('/api/admin/scheduling/locations', {
      name: 'Reminder site',
      addressLine1: '9 Lake St',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94610',
      timezone: LA,
      phone: '(510) 555-0100',
    })
  ).json().id;
  office = (
    await admin.post(`/api/admin/scheduling/locations/${location}/rooms`, {
      name: 'Office 1',
      kind: 'office',
    })
  ).json().id;
  const types = (await desk.get('/api/scheduling/resources')).json().types as { code: string; id: string }[];
  dosingType = types.find((x) => x.code === 'dosing_im')?.id as string;
  prepType = types.find((x) => x.code === 'preparation')?.id as string;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('reminder timing and delivery', () => {
  it('plans 48 h and 2 h reminders in absolute time across the DST change, and sends each exactly once', async () => {
    // Tuesday 3 November 2026, 09:00 PST (17:00 UTC); clocks went back two days earlier.
    const { patientId, email } = await bookDosing('2026-11-03T09:00:00-08:00');
    expect((await remindersOf(patientId)).map((r) => `${r.kind} ${r.sendAt} ${r.status}`)).toEqual([
      '48h 2026-11-01T17:00:00.000Z pending',
      '2h 2026-11-03T15:00:00.000Z pending',
    ]);

    t.clock.set('2026-11-01T16:59:00.000Z');
    expect(await runDueReminders(t.ctx)).toMatchObject({ queued: 0 });
    expect(mailTo(email)).toHaveLength(0);

    t.clock.set('2026-11-01T17:00:00.000Z');
    expect(await runDueReminders(t.ctx)).toMatchObject({ queued: 1, sent: 1 });
    const [mail] = mailTo(email);
    expect(mail?.subject).toBe('Reminder: your visit at Liminal Clinic on Tuesday, November 3');
    expect(mail?.text).toMatch(/When: Tuesday, November 3, 2026 at 9:00 AM PST/);
    expect(mail?.text).toMatch(/How long: about 2 hours 30 minutes/);
    expect(mail?.text).toMatch(/Where: Reminder site, 9 Lake St, Oakland, CA 94610/);
    expect(mail?.text).toMatch(/Do not eat for 6 hours/);
    expect(mail?.text).toMatch(/Do not drive, cycle or use machinery until the next day/);
    expect(mail?.text).toMatch(/Bring photo ID/);
    expect(mail?.text).toMatch(/We have Sam \(sister\) down as the adult taking you home/);
    expect(mail?.text).toMatch(/\/visit#token=[A-Za-z0-9_-]{40,}/);
    expect(mail?.text).toMatch(/at least 24 hours before the visit/);
    expect(mail?.text).toMatch(/988/);
    expect(mail?.subject).not.toMatch(/ketamine|dosing/i);

    // Overlapping runs (two app processes, a slow tick) never send it again.
    await Promise.all([runDueReminders(t.ctx), runDueReminders(t.ctx), runDueReminders(t.ctx)]);
    expect(mailTo(email)).toHaveLength(1);

    t.clock.set('2026-11-03T15:00:00.000Z');
    await staff();
    await Promise.all([runDueReminders(t.ctx), runDueReminders(t.ctx)]);
    expect(mailTo(email)).toHaveLength(2);
    expect((await remindersOf(patientId)).map((r) => `${r.kind}:${r.status}:${r.attempts}`)).toEqual([
      '48h:sent:1',
      '2h:sent:1',
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('patient_id', '=', patientId)
      .where('action', '=', 'appointment.reminder')
      .execute();
    expect(audit).toEqual([
      { action: 'appointment.reminder', actor_id: null },
      { action: 'appointment.reminder', actor_id: null },
    ]);
  });

  it('after an outage sends only the latest due reminder, and nothing for cancelled or past visits', async () => {
    t.clock.set('2026-11-03T16:00:00.000Z');
    await staff();
    const late = await bookDosing('2026-11-10T09:00:00-08:00');
    const cancelled = await bookDosing('2026-11-10T13:00:00-08:00');
    expect(
      (
        await desk.post(`/api/appointments/${cancelled.appointment.id}/cancel`, {
          reason: 'Patient asked',
          notifyPatient: false,
        })
      ).statusCode,
    ).toBe(200);
    const missed = await bookDosing('2026-11-09T09:00:00-08:00');
    // The server was down from before the 48 h reminders until 1 hour before the first visit.
    t.clock.set('2026-11-10T16:00:00.000Z');
    await staff();
    await runDueReminders(t.ctx);
    expect(mailTo(late.email)).toHaveLength(1);
    expect((await remindersOf(late.patientId)).map((r) => `${r.kind}:${r.status}`)).toEqual([
      '48h:skipped',
      '2h:sent',
    ]);
    expect(mailTo(cancelled.email)).toHaveLength(0);
    expect((await remindersOf(cancelled.patientId)).every((r) => r.status === 'cancelled')).toBe(true);
    expect(mailTo(missed.email)).toHaveLength(0);
    expect((await remindersOf(missed.patientId)).every((r) => r.status === 'skipped')).toBe(true);
  });

  it('retries a failed delivery and shows it to staff until it goes through', async () => {
    t.clock.set('2026-11-12T16:00:00.000Z');
    await staff();
    const v = await bookDosing('2026-11-17T09:00:00-08:00');
    failing = true;
    t.clock.set('2026-11-15T17:00:00.000Z');
    await staff();
    expect(await runDueReminders(t.ctx)).toMatchObject({ queued: 1, sent: 0, failed: 1 });
    expect(mailTo(v.email)).toHaveLength(0);
    // Unsent, the message keeps its calendar file for the retry.
    const kept = () =>
      t.ctx.db
        .selectFrom('appointment_mail')
        .select(['outbox_id', 'content'])
        .where('appointment_id', '=', v.appointment.id)
        .execute();
    const waiting = await kept();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.content).toContain('BEGIN:VCALENDAR');
    const [r48] = await remindersOf(v.patientId);
    expect(r48).toMatchObject({
      kind: '48h',
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/Mailbox temporarily unavailable/),
    });
    const problems = (await desk.get('/api/scheduling/reminder-problems')).json().reminders;
    expect(problems.map((p: { appointmentId: string; patientName: string }) => p.appointmentId)).toContain(
      v.appointment.id,
    );
    const board = (await desk.get(`/api/scheduling/today?locationId=${location}&date=2026-11-17`)).json();
    expect(
      board.appointments.find((a: { id: string }) => a.id === v.appointment.id).reminderProblems,
    ).toHaveLength(1);
    expect(
      board.reminderProblems.some((p: { appointmentId: string }) => p.appointmentId === v.appointment.id),
    ).toBe(true);
    // The server accepts mail again; the outbox retries after its back-off (1 minute).
    failing = false;
    t.clock.set('2026-11-15T17:00:30.000Z');
    await runDueReminders(t.ctx);
    expect(mailTo(v.email)).toHaveLength(0);
    t.clock.set('2026-11-15T17:02:00.000Z');
    await runDueReminders(t.ctx);
    expect(mailTo(v.email)).toHaveLength(1);
    // Sent with its calendar file, which then leaves the database with the message's text; the outbox keeps
    // that it was sent.
    expect(mailTo(v.email)[0]?.text).toMatch(/text\/calendar[\s\S]*visit\.ics/);
    expect(await kept()).toEqual([]);
    const sent = await t.ctx.db
      .selectFrom('outbox')
      .select(['body_text', 'sent_at'])
      .where('id', '=', waiting[0]?.outbox_id as string)
      .executeTakeFirstOrThrow();
    expect(sent).toEqual({ body_text: '', sent_at: expect.any(String) });
    await staff();
    expect((await remindersOf(v.patientId))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
    expect(
      (await desk.get('/api/scheduling/reminder-problems'))
        .json()
        .reminders.map((p: { appointmentId: string }) => p.appointmentId),
    ).not.toContain(v.appointment.id);
  });

  it('marks a reminder failed when the patient has no email, and follows the clinic’s intervals', async () => {
    t.clock.set('2026-11-20T16:00:00.000Z');
    await staff();
    const noEmail = await bookDosing('2026-11-24T09:00:00-08:00', { email: null });
    t.clock.set('2026-11-22T17:00:00.000Z');
    await staff();
    await runDueReminders(t.ctx);
    expect((await remindersOf(noEmail.patientId))[0]).toMatchObject({
      status: 'failed',
      lastError: 'No email address on file for the patient',
    });
    expect(
      (await desk.get('/api/scheduling/reminder-problems'))
        .json()
        .reminders.map((p: { appointmentId: string }) => p.appointmentId),
    ).toContain(noEmail.appointment.id);

    const settings = (await admin.get('/api/admin/scheduling/settings')).json();
    const put = await admin.inject({
      method: 'PUT',
      url: '/api/admin/scheduling/settings',
      payload: { ...settings, reminderOffsetsMinutes: [90, 1440, 90] },
    });
    expect(put.json().reminderOffsetsMinutes).toEqual([1440, 90]);
    const p = (
      await desk.post('/api/patients', {
        firstName: 'Remy',
        lastName: 'Prep',
        dateOfBirth: '1982-02-02',
        state: 'CA',
        email: 'prep@example.test',
      })
    ).json();
    const prep = await desk.post('/api/appointments', {
      patientId: p.id,
      typeId: prepType,
      startsAt: '2026-11-30T10:00:00-08:00',
      modality: 'in_person',
      locationId: location,
      roomId: office,
      staff: [{ userId: ids.therapist, role: 'therapist' }],
    });
    expect(prep.statusCode).toBe(201);
    expect((await remindersOf(p.id)).map((r) => `${r.kind} ${r.sendAt}`)).toEqual([
      '24h 2026-11-29T18:00:00.000Z',
      '90m 2026-11-30T16:30:00.000Z',
    ]);
  });
});
