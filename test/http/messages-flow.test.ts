import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';
import { startSmtpCapture } from '../support/smtp';

/**
 * Secure messages between a patient and their care team (issue #17): threads, replies (typed and canned), read
 * state per side, handler, close/reopen, thread → task, crisis language → urgent + task + resources, emails with
 * no content, limits, and who may read what (another patient: 404; front desk: no messages; confidential: team only).
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let desk: Agent;
let therapist: Agent; // on the care team
let nurse: Agent; // on the care team

const SECRET_SUBJECT = 'Zebracorn dream question';
const SECRET_TEXT = 'After the session I keep thinking about the blue zebracorn from the dream.';
const CRISIS_TEXT = 'Some days I want to kill myself and the zebracorn does not help.';

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await buildTestApp({ SMTP_URL: smtp.url, SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  [desk, therapist, nurse] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('therapist'),
    t.loginAs('nurse'),
  ]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const put = (a: Agent, url: string, body: unknown) =>
  a.inject({ method: 'PUT', url, payload: body as object });

async function patientWithTeam(name = 'Mira') {
  const p = await patientWithPortal(t, desk, { firstName: name, lastName: 'Lund' }, smtp.messages);
  const team = await put(desk, `/api/patients/${p.id}/care-team`, {
    members: [
      { userId: therapist.userId, role: 'therapist' },
      { userId: nurse.userId, role: 'nurse' },
    ],
  });
  expect(team.statusCode).toBe(200);
  return p;
}

const tick = (minutes: number) => t.clock.advance(minutes * 60_000);

describe('a patient writes, the care team answers', () => {
  it('starts a thread, the team reads it, replies with a canned reply, the patient reads the answer', async () => {
    const p = await patientWithTeam();
    const terms = (await p.agent.get('/api/portal/messages')).json();
    expect(terms.threads).toEqual([]);
    expect(terms.terms.answerTime).toBe('within 2 working days');
    expect(terms.terms.crisisResources[0].href).toBe('tel:988');

    const sent = await p.agent.post('/api/portal/messages', { subject: SECRET_SUBJECT, body: SECRET_TEXT });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ crisis: false, crisisResources: [] });
    const threadId = sent.json().threadId as string;

    // The inbox shows it by patient, unanswered, unread, unassigned.
    tick(180);
    const inbox = (await therapist.get('/api/messages/threads')).json();
    const row = inbox.threads.find((x: { id: string }) => x.id === threadId);
    expect(row).toMatchObject({
      patientId: p.id,
      patientName: 'Mira Lund',
      unread: true,
      handlerId: null,
      urgent: false,
      lastSide: 'patient',
    });
    expect(Date.parse(inbox.generatedAt) - Date.parse(row.waitingSince)).toBe(180 * 60_000);
    expect((await therapist.get('/api/messages/threads?filter=unassigned')).body).toContain(threadId);
    expect((await therapist.get('/api/messages/threads?filter=mine')).body).not.toContain(threadId);

    // Opening marks it read for the team (for the nurse too: read state is per side).
    const open = (await therapist.get(`/api/messages/threads/${threadId}`)).json();
    expect(open.messages).toEqual([
      expect.objectContaining({ side: 'patient', authorName: 'Mira Lund', body: SECRET_TEXT, seq: 1 }),
    ]);
    expect(open.team.map((m: { id: string }) => m.id).sort()).toEqual(
      [therapist.userId, nurse.userId].sort(),
    );
    const forNurse = (await nurse.get('/api/messages/threads')).json();
    expect(forNurse.threads.find((x: { id: string }) => x.id === threadId).unread).toBe(false);

    // A canned reply; the replier becomes the handler; the wait ends.
    const canned = (await therapist.get('/api/messages/canned-replies')).json().cannedReplies;
    expect(canned.length).toBeGreaterThan(2);
    const reply = await therapist.post(`/api/messages/threads/${threadId}/replies`, {
      cannedReplyId: canned[0].id,
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().thread).toMatchObject({
      handlerId: therapist.userId,
      waitingSince: null,
      lastSide: 'staff',
    });
    expect(reply.json().messages[1]).toMatchObject({ side: 'staff', body: canned[0].body });
    expect(reply.json().messages[1].authorName).toMatch(/\(Therapist\)$/);

    // The patient sees it unread, then reads it.
    const list = (await p.agent.get('/api/portal/messages')).json();
    expect(list.threads[0]).toMatchObject({ id: threadId, unread: true, messageCount: 2 });
    const thread = (await p.agent.get(`/api/portal/messages/${threadId}`)).json();
    expect(thread.messages.map((m: { authorName: string }) => m.authorName)[0]).toBe('You');
    expect(thread.messages[1].body).toBe(canned[0].body);
    expect((await p.agent.get('/api/portal/messages')).json().threads[0].unread).toBe(false);

    // The patient replies: unread again for the team, waiting again.
    tick(5);
    const again = await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'Thank you.' });
    expect(again.statusCode).toBe(201);
    const after = (await therapist.get('/api/messages/threads?filter=mine')).json();
    expect(after.threads.find((x: { id: string }) => x.id === threadId)).toMatchObject({ unread: true });
  });

  it('emails say only that there is a new message, with a link: never the text or the patient’s subject', async () => {
    const p = await patientWithTeam('Ines');
    smtp.messages.length = 0;
    const threadId = (
      await p.agent.post('/api/portal/messages', { subject: SECRET_SUBJECT, body: SECRET_TEXT })
    ).json().threadId;
    await t.ctx.mailer.flush();
    // No handler yet: the care team is told.
    const toTeam = smtp.messages.filter((m) => m.to.includes(therapist.email) || m.to.includes(nurse.email));
    expect(toTeam).toHaveLength(2);
    expect(toTeam[0]?.text).toContain(`/app/messages/${threadId}`);
    await therapist.post(`/api/messages/threads/${threadId}/replies`, {
      body: 'We read your zebracorn message.',
    });
    await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'More about the zebracorn.' });
    await t.ctx.mailer.flush();
    // With a handler, only the handler is told of the patient's reply.
    const toNurse = smtp.messages.filter((m) => m.to.includes(nurse.email));
    expect(toNurse).toHaveLength(1);
    const toPatient = smtp.messages.filter((m) => m.to.includes(p.agent.email));
    expect(toPatient).toHaveLength(1);
    expect(toPatient[0]?.subject).toMatch(/^You have a new message from /);
    expect(toPatient[0]?.text).toContain(`/portal/messages/${threadId}`);
    for (const m of smtp.messages) expect(m.raw.toLowerCase()).not.toContain('zebracorn');
  });

  it('reads as plain words in the audit log and never copies text into audit details or the server log', async () => {
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'message.%')
      .execute();
    expect(new Set(rows.map((r) => r.action))).toEqual(expect.objectContaining({}));
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(String(r.detail ?? '').toLowerCase()).not.toContain('zebracorn');
    expect(t.logs.join('\n').toLowerCase()).not.toContain('zebracorn');
  });
});

describe('crisis language in a patient’s message', () => {
  it('answers with crisis resources, marks the thread urgent on Today and opens one urgent task per message, with no text', async () => {
    const p = await patientWithTeam('Ola');
    const sent = await p.agent.post('/api/portal/messages', { subject: 'Hard week', body: CRISIS_TEXT });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().crisis).toBe(true);
    expect(sent.json().crisisResources.map((r: { href: string }) => r.href)).toContain('tel:988');
    const threadId = sent.json().threadId as string;

    // On Today once, as its urgent care task (linked to the thread), not a second time as a message item.
    const today = (await therapist.get('/api/worklist')).json();
    const onToday = today.items.filter((i: { link: string }) => i.link === `/app/messages/${threadId}`);
    expect(onToday).toHaveLength(1);
    expect(onToday[0]).toMatchObject({ severity: 'urgent', kind: 'care_task', patientName: 'Ola Lund' });
    expect(today.items[0].severity).toBe('urgent');
    expect(JSON.stringify(today).toLowerCase()).not.toContain('zebracorn');
    expect((await therapist.get('/api/messages/threads?filter=urgent')).body).toContain(threadId);

    const tasks = await t.ctx.db
      .selectFrom('care_tasks')
      .selectAll()
      .where('source_id', '=', threadId)
      .execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'message_crisis',
      urgent: 1,
      source_type: 'message_thread',
      state: 'open',
    });
    expect(tasks[0]?.title.toLowerCase()).not.toContain('zebracorn');
    expect(tasks[0]?.task_key).toMatch(/^message_crisis:/);

    // A second crisis message opens a second task (one per message).
    await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'I feel suicidal tonight.' });
    expect(
      await t.ctx.db.selectFrom('care_tasks').select('id').where('source_id', '=', threadId).execute(),
    ).toHaveLength(2);

    // Followed up in the inbox: the thread is no longer marked urgent there; the care tasks stay on Today
    // (the care-task section) until a clinician resolves them with a note.
    const cleared = await therapist.post(`/api/messages/threads/${threadId}/urgent/clear`, {});
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().thread.urgent).toBe(false);
    const after = (await therapist.get('/api/worklist')).json().items as { kind: string; link: string }[];
    expect(
      after.filter((i) => i.kind === 'care_task' && i.link === `/app/messages/${threadId}`),
    ).toHaveLength(2);
    expect((await therapist.post(`/api/messages/threads/${threadId}/urgent/clear`, {})).statusCode).toBe(409);
  });
});

describe('handling a thread', () => {
  it('assigns, takes, closes, reopens and turns into tasks with a staff-typed title', async () => {
    const p = await patientWithTeam('Pia');
    const threadId = (
      await p.agent.post('/api/portal/messages', { subject: 'Sleep', body: 'Sleeping badly.' })
    ).json().threadId;
    const assigned = await put(therapist, `/api/messages/threads/${threadId}/handler`, {
      handlerId: nurse.userId,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().thread).toMatchObject({ handlerId: nurse.userId });
    expect((await nurse.get('/api/messages/threads?filter=mine')).body).toContain(threadId);
    // Not a clinician: refused naming the field.
    const bad = await put(therapist, `/api/messages/threads/${threadId}/handler`, { handlerId: desk.userId });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('handlerId');
    expect(
      (await put(therapist, `/api/messages/threads/${threadId}/handler`, { handlerId: null })).json().thread
        .handlerId,
    ).toBeNull();

    const task = await therapist.post(`/api/messages/threads/${threadId}/tasks`, {
      title: 'Call about sleep plan',
    });
    expect(task.statusCode).toBe(201);
    const task2 = await therapist.post(`/api/messages/threads/${threadId}/tasks`, {
      title: 'Check in next week',
    });
    expect(task2.statusCode).toBe(201);
    const rows = await t.ctx.db
      .selectFrom('care_tasks')
      .selectAll()
      .where('source_id', '=', threadId)
      .orderBy('task_key')
      .execute();
    expect(rows.map((r) => [r.kind, r.task_key, r.title, r.opened_by])).toEqual([
      ['message_follow_up', `message_follow_up:${threadId}:1`, 'Call about sleep plan', therapist.userId],
      ['message_follow_up', `message_follow_up:${threadId}:2`, 'Check in next week', therapist.userId],
    ]);
    expect((await therapist.get(`/api/messages/threads/${threadId}`)).json().tasks).toHaveLength(2);
    const noTitle = await therapist.post(`/api/messages/threads/${threadId}/tasks`, { title: '  ' });
    expect(noTitle.statusCode).toBe(422);
    expect(noTitle.json().errors[0].field).toBe('title');

    const closed = await therapist.post(`/api/messages/threads/${threadId}/close`, {});
    expect(closed.json().thread.state).toBe('closed');
    expect((await therapist.post(`/api/messages/threads/${threadId}/close`, {})).statusCode).toBe(409);
    expect((await therapist.get('/api/messages/threads')).body).not.toContain(threadId);
    expect((await therapist.get('/api/messages/threads?filter=closed')).body).toContain(threadId);
    expect((await therapist.post(`/api/messages/threads/${threadId}/reopen`, {})).json().thread.state).toBe(
      'open',
    );
    // A patient writing into a closed thread reopens it.
    await therapist.post(`/api/messages/threads/${threadId}/close`, {});
    await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'One more thing.' });
    expect((await p.agent.get(`/api/portal/messages/${threadId}`)).json().thread.state).toBe('open');
  });

  it('keeps messages append-only in the database', async () => {
    await expect(t.ctx.db.updateTable('messages').set({ body: 'changed' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.db.deleteFrom('messages').execute()).rejects.toThrow(/append-only/);
  });
});

describe('bad input and limits', () => {
  it('refuses empty and over-long messages naming the field, and a reply that is both typed and canned', async () => {
    const p = await patientWithTeam('Rue');
    const cases: [unknown, string][] = [
      [{ subject: '', body: 'x' }, 'subject'],
      [{ subject: 'x', body: '   ' }, 'body'],
      [{ subject: 'x', body: 'a'.repeat(4001) }, 'body'],
      [{ subject: 'x'.repeat(121), body: 'ok' }, 'subject'],
    ];
    for (const [body, field] of cases) {
      const r = await p.agent.post('/api/portal/messages', body);
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(
      (await p.agent.post('/api/portal/messages', { subject: 'x', body: 'a'.repeat(4000) })).statusCode,
    ).toBe(201);
    const threadId = (await p.agent.get('/api/portal/messages')).json().threads[0].id;
    const both = await therapist.post(`/api/messages/threads/${threadId}/replies`, {
      body: 'x',
      cannedReplyId: 'received',
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0].field).toBe('body');
    const gone = await therapist.post(`/api/messages/threads/${threadId}/replies`, {
      cannedReplyId: 'no-such',
    });
    expect(gone.statusCode).toBe(422);
    expect(gone.json().errors[0].field).toBe('cannedReplyId');
  });

  it('limits a patient to 20 messages an hour and 5 new threads a day, naming the limit', async () => {
    const p = await patientWithTeam('Sol');
    for (let i = 0; i < 5; i++)
      expect(
        (await p.agent.post('/api/portal/messages', { subject: `T${i}`, body: 'hello' })).statusCode,
      ).toBe(201);
    const sixth = await p.agent.post('/api/portal/messages', { subject: 'T6', body: 'hello' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ limit: 'threads_per_day' });
    expect(sixth.json().errors[0].field).toBe('subject');
    const threadId = (await p.agent.get('/api/portal/messages')).json().threads[0].id;
    for (let i = 0; i < 15; i++)
      expect(
        (await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: `m${i}` })).statusCode,
      ).toBe(201);
    const over = await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'one too many' });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ limit: 'messages_per_hour' });
    expect(over.json().errors[0].field).toBe('body');
    expect(over.json().retryAfterSec).toBeGreaterThan(0);
    tick(61);
    expect(
      (await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'later' })).statusCode,
    ).toBe(201);
    // Still five new threads within the last 24 hours.
    expect((await p.agent.post('/api/portal/messages', { subject: 'T7', body: 'hello' })).statusCode).toBe(
      429,
    );
  });
});

describe('who may read what', () => {
  it('another patient’s thread answers like a missing one, and nothing changes', async () => {
    const a = await patientWithTeam('Una');
    const b = await patientWithTeam('Vik');
    const threadId = (await a.agent.post('/api/portal/messages', { subject: 'Mine', body: 'private' })).json()
      .threadId;
    const missing = await b.agent.get('/api/portal/messages/00000000-0000-4000-8000-000000000000');
    const other = await b.agent.get(`/api/portal/messages/${threadId}`);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().detail).toBe(missing.json().detail);
    expect(
      (await b.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'intrusion' })).statusCode,
    ).toBe(404);
    expect((await b.agent.get('/api/portal/messages')).body).not.toContain(threadId);
    const count = await t.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('thread_id', '=', threadId)
      .execute();
    expect(count).toHaveLength(1);
    // Patients cannot use the staff routes.
    expect((await a.agent.get('/api/messages/threads')).statusCode).toBe(403);
    expect((await a.agent.get(`/api/messages/threads/${threadId}`)).statusCode).toBe(403);
  });

  it('the front desk and admins read no messages; canned replies are edited under settings', async () => {
    const admin = await t.loginAs('admin');
    const p = await patientWithTeam('Wes');
    const threadId = (await p.agent.post('/api/portal/messages', { subject: 'Q', body: 'question' })).json()
      .threadId;
    const chart = await therapist.get(`/api/patients/${p.id}/message-threads`);
    expect(chart.statusCode).toBe(200);
    expect(chart.json().threads.map((x: { id: string }) => x.id)).toEqual([threadId]);
    expect((await desk.get(`/api/patients/${p.id}/message-threads`)).statusCode).toBe(403);
    expect((await p.agent.get(`/api/patients/${p.id}/message-threads`)).statusCode).toBe(403);
    for (const a of [desk, admin]) {
      expect((await a.get('/api/messages/threads')).statusCode).toBe(403);
      expect((await a.get(`/api/messages/threads/${threadId}`)).statusCode).toBe(403);
    }
    expect((await therapist.get('/api/admin/messages/settings')).statusCode).toBe(403);
    const s = (await admin.get('/api/admin/messages/settings')).json();
    const changed = await put(admin, '/api/admin/messages/settings', {
      answerTime: 'by the next working day',
      cannedReplies: [
        ...s.cannedReplies,
        { id: 'thanks', title: 'Thanks', body: 'Thank you for letting us know.' },
      ],
    });
    expect(changed.statusCode).toBe(200);
    expect((await p.agent.get('/api/portal/messages')).json().terms.answerTime).toBe(
      'by the next working day',
    );
    const r = await therapist.post(`/api/messages/threads/${threadId}/replies`, { cannedReplyId: 'thanks' });
    expect(r.json().messages.at(-1).body).toBe('Thank you for letting us know.');
    const bad = await put(admin, '/api/admin/messages/settings', {
      answerTime: 'x',
      cannedReplies: [{ id: 'a', title: '', body: 'b' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['answerTime', 'cannedReplies.0.title']),
    );
  });

  it('a confidential patient’s threads are left out of the inbox and Today for staff outside the care team', async () => {
    const p = await patientWithTeam('Xan');
    const outsider = await t.loginAs('therapist'); // not on the care team
    const carer = await t.loginAs('prescriber');
    await put(desk, `/api/patients/${p.id}/care-team`, {
      members: [
        { userId: therapist.userId, role: 'therapist' },
        { userId: carer.userId, role: 'prescriber' },
      ],
    });
    expect((await put(carer, `/api/patients/${p.id}/confidential`, { confidential: true })).statusCode).toBe(
      200,
    );
    const threadId = (
      await p.agent.post('/api/portal/messages', { subject: 'Hard', body: 'I feel hopeless and suicidal.' })
    ).json().threadId;
    expect((await therapist.get('/api/messages/threads')).body).toContain(threadId);
    expect((await therapist.get(`/api/messages/threads/${threadId}`)).statusCode).toBe(200);
    expect((await outsider.get('/api/messages/threads')).body).not.toContain(threadId);
    expect((await outsider.get('/api/messages/threads?filter=urgent')).body).not.toContain(threadId);
    expect((await outsider.get(`/api/messages/threads/${threadId}`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/api/messages/threads/${threadId}/replies`, { body: 'hi' })).statusCode,
    ).toBe(404);
    expect((await outsider.get('/api/worklist')).body).not.toContain(threadId);
    expect((await outsider.get(`/api/patients/${p.id}/message-threads`)).statusCode).toBe(404);
    expect((await therapist.get(`/api/patients/${p.id}/message-threads`)).body).toContain(threadId);
    expect((await therapist.get('/api/worklist')).body).toContain(threadId);
    // Nor can an outsider be made the handler.
    const assign = await put(therapist, `/api/messages/threads/${threadId}/handler`, {
      handlerId: outsider.userId,
    });
    expect(assign.statusCode).toBe(422);
  });
});

describe('logs canary (runs last)', () => {
  it('no message text or patient subject in the server log, audit details, tasks or the mail outbox', async () => {
    const p = await patientWithTeam('Zed');
    // Refused input too: an over-long message and a reply into someone else's thread.
    await p.agent.post('/api/portal/messages', {
      subject: SECRET_SUBJECT,
      body: `zebracorn ${'z'.repeat(4000)}`,
    });
    await p.agent.post('/api/portal/messages/00000000-0000-4000-8000-000000000000/replies', {
      body: SECRET_TEXT,
    });
    await p.agent.post('/api/portal/messages', { subject: SECRET_SUBJECT, body: CRISIS_TEXT });
    await t.ctx.mailer.flush();
    const hay = [
      t.logs.join('\n'),
      JSON.stringify(await t.ctx.db.selectFrom('audit_log').select(['action', 'detail']).execute()),
      JSON.stringify(await t.ctx.db.selectFrom('care_tasks').selectAll().execute()),
      JSON.stringify(await t.ctx.db.selectFrom('outbox').select(['subject', 'body_text']).execute()),
      smtp.messages.map((m) => m.raw).join('\n'),
    ];
    for (const h of hay) expect(h.toLowerCase()).not.toContain('zebracorn');
    // The canary is in the database, where it belongs.
    expect(
      await t.ctx.db.selectFrom('messages').select('id').where('body', 'like', '%zebracorn%').execute(),
    ).not.toHaveLength(0);
  });
});
