import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { buildTestApp, type TestApp } from '../support/app';

/**
 * The clinic policies page's API (S17 window length, S18 retention): an administrator reads the emergency
 * window, the retention policy and the retention report, and sets the policy for signed clinical records —
 * never below the 6-year floor, audited with the old and new value; the report then counts with it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('clinic policies', () => {
  it('shows the window, the policy and the retention report, and sets the policy (audited, applied)', async () => {
    const admin = await t.loginAs('admin');
    const first = await admin.get('/api/admin/policies');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      emergencyWindowMinutes: 60,
      clinicalRecordYears: null,
      clinicalFloorYears: 6,
      retention: { purgePath: 'none', clinicalPolicyYears: null, warnings: [] },
    });
    const clinical = (r: { retention: { tables: { recordClass: string; floorYears: number }[] } }) =>
      r.retention.tables.filter((x) => x.recordClass === 'clinical').map((x) => x.floorYears);
    expect(clinical(first.json()).every((y) => y === 6)).toBe(true);
    // The audit log keeps its own floor whatever the clinical policy says.
    const auditFloor = first
      .json()
      .retention.tables.find((x: { table: string }) => x.table === 'audit_log').floorYears;

    const set = await admin.inject({
      method: 'PUT',
      url: '/api/admin/policies/retention',
      payload: { clinicalRecordYears: 10 },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ clinicalRecordYears: 10, retention: { clinicalPolicyYears: 10 } });
    expect(clinical(set.json()).every((y) => y === 10)).toBe(true);
    expect(
      set.json().retention.tables.find((x: { table: string }) => x.table === 'audit_log').floorYears,
    ).toBe(auditFloor);
    expect((await admin.get('/api/admin/policies')).json().clinicalRecordYears).toBe(10);

    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'settings.retention_clinical_years')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.userId);
    expect(JSON.parse(entry.detail as string)).toEqual({ from: null, to: 10, via: 'app' });
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });

  it('refuses a policy below the floor or not in whole years, naming the field, and changes nothing', async () => {
    const admin = await t.loginAs('admin');
    const before = (await admin.get('/api/admin/policies')).json().clinicalRecordYears;
    for (const value of [5, 6.5, 101, '8', null]) {
      const r = await admin.inject({
        method: 'PUT',
        url: '/api/admin/policies/retention',
        payload: { clinicalRecordYears: value },
      });
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json().errors[0].field).toBe('clinicalRecordYears');
    }
    const low = await admin.inject({
      method: 'PUT',
      url: '/api/admin/policies/retention',
      payload: { clinicalRecordYears: 5 },
    });
    expect(low.json().errors[0].message).toMatch(/At least 6 years/);
    expect((await admin.get('/api/admin/policies')).json().clinicalRecordYears).toBe(before);
  });

  it('is for administrators only', async () => {
    for (const role of ['prescriber', 'nurse', 'therapist', 'front_desk', 'patient'] as const) {
      const agent = await t.loginAs(role);
      expect((await agent.get('/api/admin/policies')).statusCode).toBe(403);
      expect(
        (
          await agent.inject({
            method: 'PUT',
            url: '/api/admin/policies/retention',
            payload: { clinicalRecordYears: 8 },
          })
        ).statusCode,
      ).toBe(403);
    }
    expect((await t.anon.get('/api/admin/policies')).statusCode).toBe(401);
  });
});
