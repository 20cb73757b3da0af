import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';

/**
 * The chart read's security properties, pinned while its queries were cut (issue #8): the session and the
 * account are read together on every request with nothing cached, the object-level check hands its row to
 * the chart, and each read writes exactly one audit entry.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const readsOf = async (patientId: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('patient_id', '=', patientId)
        .where('action', '=', 'patient.read')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('chart read', () => {
  it('writes one audit entry per read and answers the chart from the row the access check read', async () => {
    const prescriber = await t.loginAs('prescriber');
    const created = await prescriber.post('/api/patients', {
      firstName: 'Ada',
      lastName: 'Chart',
      dateOfBirth: '1970-05-06',
      state: 'OR',
    });
    const id = created.json().id as string;
    for (let i = 1; i <= 3; i++) {
      const r = await prescriber.get(`/api/patients/${id}`);
      expect(r.statusCode).toBe(200);
      expect(r.json().patient).toMatchObject({
        id,
        firstName: 'Ada',
        lastName: 'Chart',
        state: 'OR',
        version: 1,
      });
      expect(r.json().clinical).not.toBeNull();
      expect(await readsOf(id)).toBe(i);
    }
  });

  it('applies an account change made behind the server’s back on the very next request', async () => {
    const prescriber = await t.loginAs('prescriber');
    const id = (
      await prescriber.post('/api/patients', {
        firstName: 'Bo',
        lastName: 'Chart',
        dateOfBirth: '1971-05-06',
        state: 'CA',
      })
    ).json().id as string;
    expect((await prescriber.get(`/api/patients/${id}`)).json().clinical).not.toBeNull();
    // A role change straight in the database (no session ended): the next request has the new role's permissions.
    await t.ctx.db
      .updateTable('users')
      .set({ role: 'front_desk' })
      .where('id', '=', prescriber.userId)
      .execute();
    const asDesk = await prescriber.get(`/api/patients/${id}`);
    expect(asDesk.statusCode).toBe(200);
    expect(asDesk.json().clinical).toBeNull();
    // Disabled the same way: refused at once, and the session is ended.
    await t.ctx.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', prescriber.userId)
      .execute();
    expect((await prescriber.get(`/api/patients/${id}`)).statusCode).toBe(401);
    await t.ctx.db
      .updateTable('users')
      .set({ status: 'active' })
      .where('id', '=', prescriber.userId)
      .execute();
    expect((await prescriber.get(`/api/patients/${id}`)).statusCode).toBe(401);
  });

  it('refuses an ended session on the very next request', async () => {
    const nurse = await t.loginAs('nurse');
    expect((await nurse.get('/api/worklist')).statusCode).toBe(200);
    await t.ctx.sessions.endAllForUser(nurse.userId, 'test');
    expect((await nurse.get('/api/worklist')).statusCode).toBe(401);
  });
});
