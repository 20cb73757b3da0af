import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';
import { parseNdjson, poll } from './fhir-export-support';
import { bearerGet, createClient, fhirGet, validationErrors, type World } from './fhir-fixtures';

/**
 * Messages with the care team as FHIR Communication (issue #17): staff clients with the right scope read them
 * (one resource per message, crisis ones urgent), clients without it are refused, the confidential rule holds,
 * and the patient's own export carries every message of their threads.
 */
let t: TestApp;
let desk: Agent;
let therapist: Agent;
let admin: Agent;
let p: { id: string; agent: Agent };
let threadId: string;
const WORDS = 'Zebracorn feelings after the session';

beforeAll(async () => {
  t = await buildTestApp();
  [desk, therapist, admin] = await Promise.all([
    t.loginAs('front_desk'),
    t.loginAs('therapist'),
    t.loginAs('admin'),
  ]);
  p = await patientWithPortal(t, desk, { firstName: 'Fia', lastName: 'Hirsch' });
  const sent = await p.agent.post('/api/portal/messages', { subject: 'After Tuesday', body: WORDS });
  expect(sent.statusCode).toBe(201);
  threadId = sent.json().threadId;
  expect(
    (await therapist.post(`/api/messages/threads/${threadId}/replies`, { body: 'Thank you, noted.' }))
      .statusCode,
  ).toBe(200);
  expect(
    (await p.agent.post(`/api/portal/messages/${threadId}/replies`, { body: 'I feel suicidal sometimes.' }))
      .statusCode,
  ).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const world = () => ({ t, admin }) as unknown as World;

describe('messages as FHIR Communication', () => {
  it('a staff client with the Communication scope reads every message of the thread, valid R4', async () => {
    const { token } = await createClient(world(), { name: 'msgs', scopes: ['system/Communication.read'] });
    const res = await bearerGet(t, token, `/fhir/R4/Communication?patient=${p.id}&_sort=date`);
    expect(res.statusCode, res.body).toBe(200);
    // All three were sent at the same (test) instant: in thread order by their message number.
    const seq = (r: { identifier: { value: string }[] }) => Number(r.identifier[0]?.value.split('#')[1]);
    const list = (res.json().entry ?? [])
      .map((e: { resource: Resource }) => e.resource)
      .sort((a: never, b: never) => seq(a) - seq(b));
    expect(list).toHaveLength(3);
    for (const r of list) expect(validationErrors(r)).toEqual([]);
    const [first, reply, crisis] = list;
    expect(first).toMatchObject({
      resourceType: 'Communication',
      status: 'completed',
      priority: 'routine',
      subject: { reference: `Patient/${p.id}` },
      sender: { reference: `Patient/${p.id}` },
      recipient: [{ reference: 'Organization/clinic' }],
      topic: { text: 'After Tuesday' },
      payload: [{ contentString: WORDS }],
    });
    expect(reply.sender.reference).toBe(`Practitioner/${therapist.userId}`);
    expect(reply.recipient).toEqual([{ reference: `Patient/${p.id}` }]);
    expect(crisis.priority).toBe('urgent');
    const one = await bearerGet(t, token, `/fhir/R4/Communication/${first.id}`);
    expect(one.statusCode).toBe(200);
    expect(
      (await bearerGet(t, token, `/fhir/R4/Communication?patient=${p.id}&priority=urgent`)).json().entry,
    ).toHaveLength(1);
  });

  it('is refused to a client without the scope and to staff without clinical access', async () => {
    const { token } = await createClient(world(), { name: 'obs only', scopes: ['system/Observation.read'] });
    expect((await bearerGet(t, token, `/fhir/R4/Communication?patient=${p.id}`)).statusCode).toBe(403);
    expect((await fhirGet(desk, `/fhir/R4/Communication?patient=${p.id}`)).statusCode).toBe(403);
    expect((await fhirGet(therapist, `/fhir/R4/Communication?patient=${p.id}`)).statusCode).toBe(200);
  });

  it('leaves a confidential patient’s messages out for staff outside the care team', async () => {
    const q = await patientWithPortal(t, desk, { firstName: 'Cora', lastName: 'Hidden' });
    const carer = await t.loginAs('prescriber');
    await desk.inject({
      method: 'PUT',
      url: `/api/patients/${q.id}/care-team`,
      payload: { members: [{ userId: carer.userId, role: 'prescriber' }] },
    });
    expect(
      (
        await carer.inject({
          method: 'PUT',
          url: `/api/patients/${q.id}/confidential`,
          payload: { confidential: true },
        })
      ).statusCode,
    ).toBe(200);
    const m = (
      await q.agent.post('/api/portal/messages', { subject: 'Private', body: 'hidden words' })
    ).json();
    const mine = await fhirGet(carer, `/fhir/R4/Communication?patient=${q.id}`);
    expect(mine.json().entry).toHaveLength(1);
    const other = await fhirGet(therapist, '/fhir/R4/Communication?_count=200');
    expect(other.body).not.toContain('hidden words');
    expect((await fhirGet(therapist, `/fhir/R4/Communication/${m.messageId}`)).statusCode).toBe(404);
  });

  it('the patient’s own export includes their messages, both sides', async () => {
    const kick = await p.agent.post('/api/portal/export');
    expect(kick.statusCode, kick.body).toBe(202);
    const statusUrl = String(kick.headers['content-location']);
    const { res } = await poll(async () => {
      const r = await p.agent.get(statusUrl);
      return r.json().status === 'completed' || r.statusCode !== 200
        ? r
        : ({ ...r, statusCode: 202, headers: { ...r.headers, 'x-progress': 'working' } } as typeof r);
    });
    expect(res.statusCode, res.body).toBe(200);
    const file = (res.json().files as { type: string | null; url: string }[]).find(
      (f) => f.type === 'Communication',
    );
    expect(file).toBeTruthy();
    const got = await p.agent.get(file?.url as string);
    const comms = parseNdjson(got.body, 'Communication') as unknown as {
      payload: { contentString: string }[];
    }[];
    expect(comms).toHaveLength(3);
    expect(comms.map((c) => c.payload[0]?.contentString)).toContain(WORDS);
    expect(comms.map((c) => c.payload[0]?.contentString)).toContain('Thank you, noted.');
  });
});
