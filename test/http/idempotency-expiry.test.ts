import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtectionService } from '../../src/server/features/protection/service';
import { expireIdempotencyKeys } from '../../src/server/platform/idempotency';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { runProtectionJobsUntil } from '../support/protection-jobs';

// Idempotency-Key records are kept IDEMPOTENCY_KEEP_HOURS (here 1 hour; a week by default), then removed by the
// data-protection job. The sign-in session is made long enough to outlive the keys.
let t: TestApp;
let desk: Agent;
beforeAll(async () => {
  t = await buildTestApp({
    IDEMPOTENCY_KEEP_HOURS: '1',
    SESSION_IDLE_MINUTES: '240',
    SESSION_ABSOLUTE_HOURS: '24',
  });
  desk = await t.loginAs('front_desk');
});
afterAll(async () => {
  await t.close();
});

const body = { firstName: 'Kept', lastName: 'Awhile', dateOfBirth: '1981-02-03', state: 'CA' };
const create = (key: string) =>
  desk.inject({ method: 'POST', url: '/api/patients', payload: body, headers: { 'idempotency-key': key } });
const keys = async () =>
  (await t.ctx.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
const patients = async () =>
  (await t.ctx.db.selectFrom('patients').select('id').where('last_name', '=', 'Awhile').execute()).length;

describe('Idempotency-Key records past their keeping time', () => {
  it('are removed (and the removal audited); newer ones are kept and still replay', async () => {
    expect((await create('expiry-key-old1')).statusCode).toBe(201);
    t.clock.advanceMinutes(40);
    const kept = await create('expiry-key-new1');
    expect(kept.statusCode).toBe(201);
    t.clock.advanceMinutes(30); // the first key is now 70 minutes old, the second 30

    const removed = await new ProtectionService(t.ctx).expireIdempotencyKeys();
    expect(removed).toBe(1);
    expect(await keys()).toEqual(['expiry-key-new1']);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail', 'outcome'])
      .where('action', '=', 'idempotency.expire')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBeNull();
    expect(JSON.parse(audit[0]?.detail as string)).toEqual({ removed: 1, keepHours: 1 });

    // The kept key still answers a retry from its record; nothing is applied again.
    const retry = await create('expiry-key-new1');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(kept.json());
    expect(await patients()).toBe(2);
    // A key past the window is a new request.
    const late = await create('expiry-key-old1');
    expect(late.statusCode).toBe(201);
    expect(late.headers['idempotent-replayed']).toBeUndefined();
    expect(await patients()).toBe(3);

    // Nothing past the window: nothing removed, nothing audited.
    expect(await new ProtectionService(t.ctx).expireIdempotencyKeys()).toBe(0);
    const entries = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'idempotency.expire')
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('are removed in batches, oldest first, until none is left', async () => {
    const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();
    const rows = [200, 190, 180, 170, 160, 30].map((ago, i) => ({
      actor_key: 'batch-test',
      key: `batch-key-${i}`,
      method: 'POST',
      path: '/api/patients',
      audit_id: `audit-${i}`,
      status_code: null,
      response: null,
      created_at: at(ago),
    }));
    await t.ctx.db.insertInto('idempotency_keys').values(rows).execute();
    // Batches of two: five records past the hour go in three statements; the one 30 minutes old stays.
    expect(await expireIdempotencyKeys(t.ctx.db, t.clock.now(), 1, 2)).toBe(5);
    const left = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('actor_key', '=', 'batch-test')
      .execute();
    expect(left.map((r) => r.key)).toEqual(['batch-key-5']);
  });

  it('are removed by the server’s data-protection job on its own', async () => {
    await t.ctx.db
      .insertInto('idempotency_keys')
      .values({
        actor_key: 'job-test',
        key: 'job-key-0001',
        method: 'POST',
        path: '/api/patients',
        audit_id: 'audit-job',
        status_code: null,
        response: null,
        created_at: new Date(t.clock.now().getTime() - 2 * 3_600_000).toISOString(),
      })
      .execute();
    // A receipt that fails (a full disk, say) does not hold the removal back.
    class FailingReceipt extends ProtectionService {
      override receiptDue() {
        return true;
      }
      override async issueReceipt(): Promise<string> {
        throw new Error('disk full');
      }
    }
    const left = () =>
      t.ctx.db.selectFrom('idempotency_keys').select('key').where('actor_key', '=', 'job-test').execute();
    const warnings = await runProtectionJobsUntil(
      new FailingReceipt(t.ctx),
      async () => (await left()).length === 0,
    );
    expect(await left()).toEqual([]);
    expect(warnings).toEqual([
      [{ step: 'receipt', err: 'disk full' }, 'data-protection job failed; will retry'],
    ]);
  });

  it('the keeping time is a setting with bounds', async () => {
    const { loadConfig, ConfigError } = await import('../../src/server/config');
    expect(loadConfig({}).IDEMPOTENCY_KEEP_HOURS).toBe(168);
    expect(() => loadConfig({ IDEMPOTENCY_KEEP_HOURS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ IDEMPOTENCY_KEEP_HOURS: 'week' })).toThrow(/IDEMPOTENCY_KEEP_HOURS/);
  });
});
