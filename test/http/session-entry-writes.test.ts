import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { key, licensedStaff, readyPatient, type Staff } from '../support/dosing';

/**
 * A monitoring entry is stored with its audit entry and the request's idempotency key, all or nothing (issue
 * #23: on PostgreSQL one statement stores the three, platform/scope.ts `withPatientChange`; on SQLite one
 * transaction). Raced copies of one entry land once, and a copy refused as a duplicate leaves neither its key
 * nor an `allowed` audit entry behind; a pre-dose reading that sets a hold stores the hold with the entry.
 */
let t: TestApp;
let s: Staff;

beforeAll(async () => {
  t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  s = await licensedStaff(t, 'CA-ENTRY');
});
afterAll(async () => {
  await t.close();
});

async function startedSession() {
  const { patientId, courseId } = await readyPatient(s);
  const started = await s.nurse.post(`/api/patients/${patientId}/courses/${courseId}/sessions`, {});
  expect(started.statusCode).toBe(201);
  const sessionId = started.json().id as string;
  return { patientId, sessionId, url: `/api/patients/${patientId}/sessions/${sessionId}/entries` };
}

const save = (a: Agent, url: string, header: string, body: object) =>
  a.inject({ method: 'POST', url, payload: body, headers: { 'idempotency-key': header } });

const auditOf = (sessionId: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .select(['outcome', 'detail'])
    .where('action', '=', 'session.entry')
    .where('object_id', '=', sessionId)
    .execute();

describe('saving a monitoring entry', () => {
  it('raced copies of one entry land once; a refused copy keeps neither its key nor an allowed entry', async () => {
    const { sessionId, url } = await startedSession();
    const entryKey = key();
    const headers = Array.from({ length: 8 }, () => key());
    const body = {
      idempotencyKey: entryKey,
      entry: { kind: 'vitals', vitals: { hr: 70, sbp: 120, dbp: 78 } },
    };
    const answers = await Promise.all(headers.map((h) => save(s.nurse, url, h, body)));
    for (const a of answers) expect([201, 409], a.body).toContain(a.statusCode);
    const saved = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode === 409);
    expect(saved.filter((a) => a.json().replayed === false)).toHaveLength(1);
    const id = saved.find((a) => a.json().replayed === false)?.json().id;
    for (const a of saved) expect(a.json().id).toBe(id);

    const stored = await t.ctx.db
      .selectFrom('session_entries')
      .select('id')
      .where('idempotency_key', '=', entryKey)
      .execute();
    expect(stored).toEqual([{ id }]);
    // A key is kept exactly for the answers that were given as saved.
    const keys = (
      await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', 'in', headers).execute()
    ).map((r) => r.key);
    expect(keys.sort()).toEqual(headers.filter((_, i) => answers[i]?.statusCode === 201).sort());
    const audit = await auditOf(sessionId);
    expect(audit.filter((a) => a.outcome === 'allowed')).toHaveLength(saved.length);
    expect(audit.filter((a) => a.outcome === 'failed')).toHaveLength(refused.length);
    for (const a of audit.filter((x) => x.outcome === 'failed'))
      expect(JSON.parse(a.detail as string).error).toBe('conflict');
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);

    // A retry of a saved request is answered from its key's record.
    const first = headers[answers.findIndex((a) => a.statusCode === 201)] as string;
    const retry = await save(s.nurse, url, first, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('raced copies of one request (the same request key) land once, and none fails as a server error', async () => {
    const { sessionId, url } = await startedSession();
    const same = key();
    const body = { idempotencyKey: same, entry: { kind: 'vitals', vitals: { hr: 71, sbp: 121, dbp: 79 } } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => save(s.nurse, url, same, body)));
    for (const a of answers) expect([201, 409], a.body).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 201 && !a.headers['idempotent-replayed'])).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode === 409))
      expect(['already_applied', 'conflict']).toContain(a.json().code);
    expect(
      await t.ctx.db.selectFrom('session_entries').select('id').where('session_id', '=', sessionId).execute(),
    ).toHaveLength(1);
    expect(
      await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', same).execute(),
    ).toHaveLength(1);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });

  it('a pre-dose reading over a hold rule stores the hold with the entry, and a passing re-check clears it', async () => {
    const { sessionId, url } = await startedSession();
    const high = await save(s.nurse, url, key(), {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { hr: 72, sbp: 182, dbp: 112 } },
    });
    expect(high.statusCode, high.body).toBe(201);
    expect(high.json().alerts.some((a: { level: string }) => a.level === 'hold')).toBe(true);
    const held = await t.ctx.db
      .selectFrom('dosing_sessions')
      .select(['hold', 'version'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(held.hold).not.toBeNull();
    const ok = await save(s.nurse, url, key(), {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { hr: 70, sbp: 120, dbp: 78 } },
    });
    expect(ok.statusCode).toBe(201);
    const cleared = await t.ctx.db
      .selectFrom('dosing_sessions')
      .select(['hold', 'version'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(cleared.hold).toBeNull();
    expect(Number(cleared.version)).toBe(Number(held.version) + 1);
    expect(
      await t.ctx.db
        .selectFrom('session_entries')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'vitals')
        .execute(),
    ).toHaveLength(2);
    expect((await auditOf(sessionId)).filter((a) => a.outcome === 'allowed')).toHaveLength(2);
  });

  it('a save that is refused stores nothing and is audited as failed', async () => {
    const { patientId, sessionId, url } = await startedSession();
    const bad = await save(s.nurse, url, key(), {
      idempotencyKey: key(),
      correctsId: '00000000-0000-4000-8000-000000000000',
      entry: { kind: 'vitals', vitals: { hr: 70, sbp: 120, dbp: 78 } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('correctsId');
    const other = await save(s.nurse, `/api/patients/${patientId}/sessions/${randomUUID()}/entries`, key(), {
      idempotencyKey: key(),
      entry: { kind: 'vitals', vitals: { hr: 70, sbp: 120, dbp: 78 } },
    });
    expect(other.statusCode).toBe(404);
    expect(
      await t.ctx.db.selectFrom('session_entries').select('id').where('session_id', '=', sessionId).execute(),
    ).toHaveLength(0);
    expect((await auditOf(sessionId)).map((a) => a.outcome)).toEqual(['failed']);
  });
});
