import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtectionService } from '../../src/server/features/protection/service';
import { expireSessionRecords } from '../../src/server/platform/sessions';
import { buildTestApp, sessionCookieFrom, TEST_PASSWORD, type TestApp } from '../support/app';
import { runProtectionJobsUntil } from '../support/protection-jobs';

// Sign-in records are kept SESSION_RECORDS_KEEP_DAYS after their absolute limit (here 2 days; 30 by default), then
// removed by the data-protection job. Sign-ins last at most 12 hours here (the default).
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ SESSION_RECORDS_KEEP_DAYS: '2' });
});
afterAll(async () => {
  await t.close();
});

const HOUR = 3_600_000;
async function signIn(userEmail: string): Promise<{ cookie: string; csrf: string }> {
  const res = await t.anon.post('/api/auth/login', { email: userEmail, password: TEST_PASSWORD });
  expect(res.statusCode).toBe(200);
  return { cookie: sessionCookieFrom(res) as string, csrf: res.json().session.csrfToken };
}
const recordsOf = async (userId: string) =>
  (
    await t.ctx.db
      .selectFrom('sessions')
      .select(['created_at', 'end_reason'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute()
  ).map((r) => r.end_reason ?? 'open');

describe('sign-in records past their keeping time', () => {
  it('are removed whatever ended them (and the removal audited); recent and live ones stay', async () => {
    const u = await t.createUser({ role: 'patient' });
    // Day 0: one sign-in ended by signing out, one left to lapse.
    const out = await signIn(u.email);
    const bye = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: {},
      headers: { cookie: out.cookie, 'x-csrf-token': out.csrf },
    });
    expect(bye.statusCode).toBe(200);
    await signIn(u.email);
    // Day 1: another sign-in, which also lapses.
    t.clock.advance(24 * HOUR);
    await signIn(u.email);
    expect(await recordsOf(u.id)).toEqual(['logout', 'open', 'open']);

    // Two days and 13 hours after the first two: both are over by more than two days; the third is not.
    t.clock.advance(37 * HOUR);
    const live = await signIn(u.email);
    const removed = await new ProtectionService(t.ctx).expireSessionRecords();
    expect(removed).toBe(2);
    expect(await recordsOf(u.id)).toEqual(['open', 'open']);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'auth.sessions_expire')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBeNull();
    expect(JSON.parse(audit[0]?.detail as string)).toEqual({ removed: 2, keepDays: 2 });
    // The sign-in in use is untouched.
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: live.cookie } })).statusCode).toBe(
      200,
    );

    // Nothing more past the window: nothing removed, nothing audited.
    expect(await new ProtectionService(t.ctx).expireSessionRecords()).toBe(0);
    const entries = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.sessions_expire')
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('are removed in batches, oldest first, until none is left', async () => {
    const u = await t.createUser({ role: 'nurse' });
    const at = (hoursAgo: number) => new Date(t.clock.now().getTime() - hoursAgo * HOUR).toISOString();
    const rows = [200, 190, 180, 170, 160, 10].map((ago, i) => ({
      id: `batch-session-${i}`,
      token_hash: `batch-token-${i}`,
      user_id: u.id,
      csrf_token: 'x',
      mfa_verified: 0,
      created_at: at(ago + 12),
      last_seen_at: at(ago + 12),
      absolute_expires_at: at(ago),
      ended_at: null,
      end_reason: null,
      ip: '192.0.2.1',
      user_agent: 'test',
    }));
    await t.ctx.db.insertInto('sessions').values(rows).execute();
    // Batches of two: five records over for more than 48 hours go in three statements; the recent one stays.
    expect(await expireSessionRecords(t.ctx.db, t.clock.now(), 2, 2)).toBe(5);
    const left = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(left.map((r) => r.id)).toEqual(['batch-session-5']);
  });

  it('are removed by the server’s data-protection job on its own', async () => {
    const u = await t.createUser({ role: 'therapist' });
    await signIn(u.email);
    t.clock.advance(3 * 24 * HOUR);
    // A failing backup does not hold the removal back.
    class FailingBackup extends ProtectionService {
      override receiptDue() {
        return false;
      }
      override backupDue() {
        return true;
      }
      override async run(): Promise<never> {
        throw new Error('backup folder missing');
      }
    }
    const warnings = await runProtectionJobsUntil(
      new FailingBackup(t.ctx),
      async () => (await recordsOf(u.id)).length === 0,
    );
    expect(await recordsOf(u.id)).toEqual([]);
    expect(warnings).toEqual([
      [{ step: 'backup', err: 'backup folder missing' }, 'data-protection job failed; will retry'],
    ]);
  });

  it('the keeping time is a setting with bounds', async () => {
    const { loadConfig, ConfigError } = await import('../../src/server/config');
    expect(loadConfig({}).SESSION_RECORDS_KEEP_DAYS).toBe(30);
    expect(() => loadConfig({ SESSION_RECORDS_KEEP_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ SESSION_RECORDS_KEEP_DAYS: 'month' })).toThrow(/SESSION_RECORDS_KEEP_DAYS/);
  });
});
