import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

let t: TestApp;
let desk: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  desk = await t.loginAs('front_desk');
});
afterAll(async () => {
  await t.close();
});

const body = { firstName: 'Idem', lastName: 'Potent', dateOfBirth: '1980-01-01', state: 'CA' };
const create = (key: string, b: object = body) =>
  desk.inject({ method: 'POST', url: '/api/patients', payload: b, headers: { 'idempotency-key': key } });
const patients = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('patients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('last_name', '=', 'Potent')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key', () => {
  it('a retried write is applied once and the retry gets the first answer', async () => {
    const first = await create('retry-key-0001');
    expect(first.statusCode).toBe(201);
    const again = await create('retry-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await patients()).toBe(1);
  });

  it('many keyed writes at once each keep their own answer (the answers are stored together)', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `group-key-${String(i).padStart(4, '0')}`);
    const firsts = await Promise.all(
      keys.map((k, i) => create(k, { ...body, firstName: `Idem${String.fromCharCode(65 + (i % 26))}` })),
    );
    for (const r of firsts) expect(r.statusCode).toBe(201);
    const stored = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select(['key', 'status_code', 'response'])
      .where('key', 'in', keys)
      .execute();
    expect(stored).toHaveLength(30);
    for (const row of stored) {
      const i = keys.indexOf(row.key);
      expect(Number(row.status_code)).toBe(201);
      expect(JSON.parse(row.response as string)).toEqual(firsts[i]?.json());
    }
    const retries = await Promise.all(keys.map((k) => create(k)));
    retries.forEach((r, i) => {
      expect(r.headers['idempotent-replayed']).toBe('true');
      expect(r.json()).toEqual(firsts[i]?.json());
    });
  });

  it('simultaneous copies of one write apply exactly once', async () => {
    const before = await patients();
    const results = await Promise.all(Array.from({ length: 6 }, () => create('race-key-00002')));
    const applied = results.filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed']);
    expect(applied).toHaveLength(1);
    for (const r of results) expect([201, 409]).toContain(r.statusCode);
    expect(await patients()).toBe(before + 1);
  });

  it('refuses a key reused for a different request, and a malformed key', async () => {
    await create('reuse-key-0003');
    const other = await desk.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: { email: 'x@y.test', name: 'X', role: 'nurse' },
      headers: { 'idempotency-key': 'reuse-key-0003' },
    });
    expect([403, 422]).toContain(other.statusCode); // front desk may not invite; either way nothing is applied
    const bad = await create('no');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('Idempotency-Key');
  });

  it('a write refused by validation does not consume its key', async () => {
    const invalid = await create('fix-then-retry-4', { ...body, state: 'ZZ' });
    expect(invalid.statusCode).toBe(422);
    const fixed = await create('fix-then-retry-4');
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });
});
