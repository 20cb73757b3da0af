import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { courseRow, sessionRow } from '../support/rows';

/**
 * Notes from the visits they are written for (issue #14): what note fits a therapy visit (an integration note
 * only when a dosing session came before it, otherwise said in words), starting it from the visit, and the
 * therapist's list of notes to write (their visits up to today without a note) and drafts to sign, paged,
 * without the confidential records they may not open. The clock: 2026-11-25 07:00 in Los Angeles.
 */
const LA = 'America/Los_Angeles';
let t: TestApp;
let therapist: Agent;
let other: Agent; // another therapist
let prescriber: Agent;
let types: Record<string, string>;

async function patient(last: string): Promise<string> {
  const r = await prescriber.post('/api/patients', {
    firstName: 'Nora',
    lastName: last,
    dateOfBirth: '1984-02-03',
    state: 'CA',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

async function course(patientId: string): Promise<{ id: string; patient_id: string }> {
  const c = courseRow(patientId, prescriber.userId, t.clock.now().toISOString());
  await t.ctx.db.insertInto('courses').values(c).execute();
  return c;
}

/** A therapy visit written straight into the calendar (at any time, past ones included) with `who` as therapist. */
async function visit(
  patientId: string,
  code: 'integration' | 'preparation',
  startsAt: string,
  o: { who?: Agent; status?: string; courseId?: string | null } = {},
) {
  const id = randomUUID();
  const now = t.clock.now().toISOString();
  await t.ctx.db
    .insertInto('appointments')
    .values({
      id,
      patient_id: patientId,
      enquiry_id: null,
      type_id: types[code] as string,
      course_id: o.courseId ?? null,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      timezone: LA,
      location_id: null,
      room_id: null,
      modality: 'video',
      video_url: null,
      patient_location_state: 'CA',
      status: o.status ?? 'booked',
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
    .execute();
  await t.ctx.db
    .insertInto('appointment_staff')
    .values({
      appointment_id: id,
      user_id: (o.who ?? therapist).userId,
      role: 'therapist',
      hold: 'exclusive',
    })
    .execute();
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  [therapist, other, prescriber] = await Promise.all([
    t.loginAs('therapist'),
    t.loginAs('therapist'),
    t.loginAs('prescriber'),
  ]);
  const rows = await t.ctx.db.selectFrom('appointment_types').select(['id', 'code']).execute();
  types = Object.fromEntries(rows.map((r) => [r.code, r.id]));
});
afterAll(async () => {
  await t.close();
});

describe('the note for a therapy visit', () => {
  it('an integration visit with no dosing session in the course offers a preparation note and says why', async () => {
    const p = await patient('Nodose');
    await course(p);
    const id = await visit(p, 'integration', '2026-11-25T18:00:00.000Z'); // 10:00 local, later today

    const res = await therapist.get(`/api/appointments/${id}/note`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      patientId: p,
      patientName: 'Nora Nodose',
      note: null,
      visit: { localDate: '2026-11-25', localStart: '10:00', category: 'integration' },
    });
    expect(body.offers).toEqual([
      { kind: 'preparation', dosingSessionId: null, dosingSessionNumber: null, dosingSessionDate: null },
    ]);
    expect(body.explanation).toMatch(
      /^No dosing session yet in Nora’s course, so an integration note has no session to follow\. You can write this visit up as a preparation note/,
    );

    // An integration note is refused with the same words, on the field to change.
    const refused = await therapist.post(`/api/appointments/${id}/note`, { kind: 'integration' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ field: 'kind', message: body.explanation }]);

    // The preparation note starts on the visit's local day, linked to it; a second start is a conflict.
    const started = await therapist.post(`/api/appointments/${id}/note`, { kind: 'preparation' });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({
      kind: 'preparation',
      sessionDate: '2026-11-25',
      status: 'draft',
      authorId: therapist.userId,
    });
    const again = await therapist.get(`/api/appointments/${id}/note`);
    expect(again.json()).toMatchObject({
      note: { id: started.json().id, kind: 'preparation', status: 'draft' },
      offers: [],
      explanation: null,
    });
    const twice = await therapist.post(`/api/appointments/${id}/note`, { kind: 'preparation' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().noteId).toBe(started.json().id);
  });

  it('an integration visit after a dosing session offers the integration note for the latest session first', async () => {
    const p = await patient('Dosed');
    const c = await course(p);
    const first = sessionRow(c, prescriber.userId, '2026-11-10T17:00:00.000Z', {
      number: 1,
      status: 'signed',
      first_dose_at: '2026-11-10T17:10:00.000Z',
    });
    const second = sessionRow(c, prescriber.userId, '2026-11-24T17:00:00.000Z', {
      number: 2,
      status: 'discharged',
      first_dose_at: '2026-11-24T17:10:00.000Z',
    });
    // Started this morning but not dosed: nothing for an integration note to follow yet.
    const undosed = sessionRow(c, prescriber.userId, '2026-11-25T14:30:00.000Z', {
      number: 3,
      status: 'pre_dose',
    });
    await t.ctx.db.insertInto('dosing_sessions').values([first, second, undosed]).execute();
    const id = await visit(p, 'integration', '2026-11-25T18:00:00.000Z', { courseId: c.id });

    const body = (await therapist.get(`/api/appointments/${id}/note`)).json();
    expect(body.explanation).toBeNull();
    expect(body.offers).toEqual([
      {
        kind: 'integration',
        dosingSessionId: second.id,
        dosingSessionNumber: 2,
        dosingSessionDate: '2026-11-24',
      },
      {
        kind: 'integration',
        dosingSessionId: first.id,
        dosingSessionNumber: 1,
        dosingSessionDate: '2026-11-10',
      },
      { kind: 'preparation', dosingSessionId: null, dosingSessionNumber: null, dosingSessionDate: null },
    ]);

    // A session of another course (or not yet dosed) is refused on its field.
    const stray = await therapist.post(`/api/appointments/${id}/note`, {
      kind: 'integration',
      dosingSessionId: undosed.id,
    });
    expect(stray.statusCode).toBe(422);
    expect(stray.json().errors[0].field).toBe('dosingSessionId');
    const bad = await therapist.post(`/api/appointments/${id}/note`, {
      kind: 'integration',
      dosingSessionId: 'not-a-uuid',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toMatch(/dosingSessionId/);
    expect((await therapist.post(`/api/appointments/${id}/note`, { kind: 'homework' })).statusCode).toBe(422);

    // Without a session named, the latest one.
    const started = await therapist.post(`/api/appointments/${id}/note`, { kind: 'integration' });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({
      kind: 'integration',
      dosingSessionId: second.id,
      sessionDate: '2026-11-25',
    });
    expect((await therapist.get(`/api/appointments/${id}/note`)).json().note).toMatchObject({
      kind: 'integration',
      dosingSessionNumber: 2,
    });
  });

  it('explains when nothing can be started: no course, a cancelled visit', async () => {
    const p = await patient('Nocourse');
    const id = await visit(p, 'preparation', '2026-11-24T18:00:00.000Z');
    const body = (await therapist.get(`/api/appointments/${id}/note`)).json();
    expect(body.offers).toEqual([]);
    expect(body.explanation).toMatch(/Nora has no treatment course yet/);
    expect((await therapist.post(`/api/appointments/${id}/note`, { kind: 'preparation' })).statusCode).toBe(
      422,
    );

    await course(p);
    const cancelled = await visit(p, 'preparation', '2026-11-23T18:00:00.000Z', { status: 'cancelled' });
    expect((await therapist.get(`/api/appointments/${cancelled}/note`)).json()).toMatchObject({
      offers: [],
      explanation: 'This visit was cancelled, so there is nothing to write up.',
    });
  });

  it('is for clinical staff: the front desk and patients are refused; a missing visit is a 404', async () => {
    const p = await patient('Perms');
    await course(p);
    const id = await visit(p, 'preparation', '2026-11-24T18:00:00.000Z');
    for (const role of ['front_desk', 'admin'] as const) {
      const a = await t.loginAs(role);
      expect((await a.get(`/api/appointments/${id}/note`)).statusCode).toBe(403);
      expect((await a.post(`/api/appointments/${id}/note`, { kind: 'preparation' })).statusCode).toBe(403);
    }
    const own = await t.loginAs('patient', { patientId: p });
    expect((await own.get(`/api/appointments/${id}/note`)).statusCode).toBe(403);
    expect((await t.anon.get(`/api/appointments/${id}/note`)).statusCode).toBe(401);
    expect((await (await t.loginAs('nurse')).get(`/api/appointments/${id}/note`)).statusCode).toBe(200);
    expect((await therapist.get(`/api/appointments/${randomUUID()}/note`)).statusCode).toBe(404);
    expect((await therapist.get('/api/appointments/nope/note')).statusCode).toBe(422);
  });
});

describe("the therapist's notes to write and sign", () => {
  it('lists my visits up to today without a note (newest first) and my drafts, paged, leaving out confidential records', async () => {
    const me = await t.loginAs('therapist');
    const a = await patient('Alder');
    const b = await patient('Birch');
    const secret = await patient('Cedar');
    for (const p of [a, b, secret]) await course(p);
    const older = await visit(a, 'preparation', '2026-11-20T18:00:00.000Z', { who: me });
    const yesterday = await visit(b, 'integration', '2026-11-24T22:00:00.000Z', { who: me });
    const today = await visit(a, 'preparation', '2026-11-25T23:00:00.000Z', { who: me }); // 15:00 today, not yet held
    await visit(a, 'preparation', '2026-11-26T18:00:00.000Z', { who: me }); // tomorrow: not yet
    await visit(b, 'preparation', '2026-11-19T18:00:00.000Z', { who: me, status: 'cancelled' });
    await visit(b, 'preparation', '2026-11-18T18:00:00.000Z', { who: me, status: 'no_show' });
    await visit(a, 'preparation', '2026-11-17T18:00:00.000Z', { who: other }); // someone else's
    await visit(secret, 'preparation', '2026-11-21T18:00:00.000Z', { who: me });
    await t.ctx.db
      .insertInto('patient_confidentiality')
      .values({ patient_id: secret, set_by: prescriber.userId, set_at: t.clock.now().toISOString() })
      .execute();

    // A note written from the course page on a visit's day is linked to that visit, which leaves the list.
    const noted = await visit(b, 'preparation', '2026-11-21T18:00:00.000Z', { who: me });
    const courseB = (
      await t.ctx.db.selectFrom('courses').select('id').where('patient_id', '=', b).executeTakeFirstOrThrow()
    ).id;
    const draft = await me.post(`/api/patients/${b}/courses/${courseB}/notes`, {
      kind: 'preparation',
      sessionDate: '2026-11-21',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(
      await t.ctx.db
        .selectFrom('note_visits')
        .select('appointment_id')
        .where('note_id', '=', draft.json().id)
        .executeTakeFirst(),
    ).toEqual({ appointment_id: noted });

    const res = await me.get('/api/notes/todo');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.timezone).toBe(LA);
    const toWrite = body.sections.find((s: { key: string }) => s.key === 'to_write');
    expect(toWrite.total).toBe(3);
    expect(toWrite.items.map((i: { id: string }) => i.id)).toEqual([today, yesterday, older]);
    expect(toWrite.items[1]).toMatchObject({
      patientId: b,
      patientName: 'Nora Birch',
      visit: { localDate: '2026-11-24', localStart: '14:00', category: 'integration' },
      note: null,
    });
    expect(toWrite.items[1].explanation).toMatch(/No dosing session yet/);
    expect(toWrite.items[0].offers[0].kind).toBe('preparation');
    const drafts = body.sections.find((s: { key: string }) => s.key === 'drafts');
    expect(drafts.total).toBe(1);
    expect(drafts.items[0]).toMatchObject({
      id: draft.json().id,
      patientName: 'Nora Birch',
      note: { status: 'draft', kind: 'preparation' },
      visit: { id: noted, localDate: '2026-11-21' },
    });
    expect(res.body).not.toContain(secret);

    // One section, one page at a time.
    const page = (await me.get('/api/notes/todo?section=to_write&offset=1&limit=1')).json();
    expect(page.sections).toHaveLength(1);
    expect(page.sections[0]).toMatchObject({ key: 'to_write', total: 3, offset: 1 });
    expect(page.sections[0].items.map((i: { id: string }) => i.id)).toEqual([yesterday]);

    // Signed notes are not drafts; the care team (here: me) sees the confidential patient again.
    const saved = await me.inject({
      method: 'PUT',
      url: `/api/patients/${b}/notes/${draft.json().id}`,
      payload: { content: { narrative: 'Talked through the first session.' }, version: 1 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await me.post(`/api/patients/${b}/notes/${draft.json().id}/sign`)).statusCode).toBe(200);
    await t.ctx.db
      .insertInto('care_team')
      .values({
        patient_id: secret,
        user_id: me.userId,
        role: 'therapist',
        created_at: t.clock.now().toISOString(),
      })
      .execute();
    const later = (await me.get('/api/notes/todo')).json();
    expect(later.sections.map((s: { key: string; total: number }) => [s.key, s.total])).toEqual([
      ['to_write', 4],
      ['drafts', 0],
    ]);

    // Audited without naming a patient.
    const entries = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'patient_id'])
      .where('actor_id', '=', me.userId)
      .where('action', '=', 'notes.todo')
      .execute();
    expect(entries.length).toBe(3);
    expect(entries.every((e) => e.patient_id === null)).toBe(true);
  });

  it('refuses bad paging and other roles', async () => {
    for (const q of [
      'section=everything',
      'limit=0',
      'limit=101',
      'offset=-1',
      'offset=10001',
      'limit=ten',
    ]) {
      const r = await therapist.get(`/api/notes/todo?${q}`);
      expect(r.statusCode, q).toBe(422);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().errors[0].field).toMatch(/section|limit|offset/);
    }
    for (const role of ['prescriber', 'nurse', 'front_desk', 'admin', 'patient'] as const) {
      expect((await (await t.loginAs(role)).get('/api/notes/todo')).statusCode, role).toBe(403);
    }
    expect((await t.anon.get('/api/notes/todo')).statusCode).toBe(401);
  });
});

describe('notes written before visits were linked (migration 0017)', () => {
  it('links each existing note to its patient’s therapy visit on the note’s local day, a visit of its own kind first', async () => {
    const { up } = await import('../../src/server/db/migrations/0017_screens_note_visits');
    const p = await patient('Backfill');
    const c = await course(p);
    const prepVisit = await visit(p, 'preparation', '2026-11-20T22:00:00.000Z'); // 14:00 local
    const integrationVisit = await visit(p, 'integration', '2026-11-20T18:00:00.000Z'); // 10:00 local, same day
    const evening = await visit(p, 'preparation', '2026-11-22T02:00:00.000Z'); // 18:00 local on the 21st (UTC: the 22nd)
    await visit(p, 'preparation', '2026-11-23T18:00:00.000Z', { status: 'cancelled' });
    const now = t.clock.now().toISOString();
    const note = (kind: string, date: string, status: string) => ({
      id: randomUUID(),
      course_id: c.id,
      patient_id: p,
      kind,
      dosing_session_id: null,
      session_date: date,
      content: '{}',
      status,
      author_id: therapist.userId,
      content_hash: null,
      signed_at: status === 'signed' ? now : null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    const signed = note('preparation', '2026-11-20', 'signed');
    const draft = note('preparation', '2026-11-21', 'draft');
    const orphan = note('preparation', '2026-11-23', 'draft'); // only a cancelled visit that day
    await t.ctx.db.insertInto('therapy_notes').values([signed, draft, orphan]).execute();

    // The table as the migration found it: no links at all.
    await t.ctx.db.schema.dropTable('note_visits').execute();
    await up(t.ctx.db);
    const links = await t.ctx.db
      .selectFrom('note_visits')
      .select(['appointment_id', 'note_id'])
      .orderBy('appointment_id')
      .execute();
    expect(
      links
        .filter((l) => ([signed.id, draft.id, orphan.id] as string[]).includes(l.note_id))
        .sort((x, y) => x.note_id.localeCompare(y.note_id)),
    ).toEqual(
      [
        { appointment_id: prepVisit, note_id: signed.id },
        { appointment_id: evening, note_id: draft.id },
      ].sort((x, y) => x.note_id.localeCompare(y.note_id)),
    );
    expect(links.map((l) => l.appointment_id)).not.toContain(integrationVisit);
  });
});
