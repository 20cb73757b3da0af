import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

/**
 * The scheduling set-up screens (issue #9) are an admin's: `settings.manage` without `patients.read`. The
 * booking screens' resource list (GET /api/scheduling/resources) is therefore not theirs, so the staff
 * picker for working hours and time off has its own list under the admin routes.
 */
let t: TestApp;
let admin: Agent;
let desk: Agent;
let prescriber: Agent;
let nurse: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [admin, desk, prescriber, nurse] = await Promise.all([
    t.loginAs('admin'),
    t.loginAs('front_desk'),
    t.loginAs('prescriber'),
    t.loginAs('nurse'),
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/admin/scheduling/staff', () => {
  it('lists the active clinicians (not admins, front desk or disabled accounts) with the clinic zone', async () => {
    const disabled = await t.createUser({ role: 'therapist', status: 'disabled' });
    const res = await admin.get('/api/admin/scheduling/staff');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { timezone: string; staff: { id: string; name: string; role: string }[] };
    expect(typeof body.timezone).toBe('string');
    const ids = body.staff.map((s) => s.id);
    expect(ids).toContain(prescriber.userId);
    expect(ids).toContain(nurse.userId);
    expect(ids).not.toContain(admin.userId);
    expect(ids).not.toContain(desk.userId);
    expect(ids).not.toContain(disabled.id);
    expect(new Set(body.staff.map((s) => s.role))).toEqual(new Set(['prescriber', 'nurse']));
  });

  it('is refused to staff without settings.manage', async () => {
    expect((await desk.get('/api/admin/scheduling/staff')).statusCode).toBe(403);
    expect((await prescriber.get('/api/admin/scheduling/staff')).statusCode).toBe(403);
  });

  it('an admin can set hours for a clinician picked from it', async () => {
    const { staff } = (await admin.get('/api/admin/scheduling/staff')).json() as { staff: { id: string }[] };
    const id = staff.find((s) => s.id === nurse.userId)?.id as string;
    const res = await admin.inject({
      method: 'PUT',
      url: `/api/admin/scheduling/staff/${id}/hours`,
      payload: { hours: [{ locationId: null, weekday: 2, start: '09:00', end: '17:00' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().hours).toMatchObject([{ weekday: 2, start: '09:00', end: '17:00', locationId: null }]);
  });
});
