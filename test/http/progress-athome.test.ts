import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atHomeWorld, bookSession, homePatient, type World } from './athome-support';

/**
 * The patient's own progress on an at-home course (issue #17): the booked at-home session is what is coming
 * (linking to its check-in page), with what to prepare from the at-home check-in's own conditions; and the
 * course's phase counts at-home doses taken, as the chart's course card does.
 */
let w: World;
beforeAll(async () => {
  w = await atHomeWorld();
});
afterAll(async () => {
  await w.t.close();
});

describe('an at-home course', () => {
  it('lists the next at-home session with its check-in steps, and counts the doses taken at home', async () => {
    const p = await homePatient(w);
    const id = await bookSession(w, p, { inMinutes: 24 * 60 });
    const res = await p.phone.get('/api/portal/progress');
    expect(res.statusCode).toBe(200);
    const mine = res.json();
    expect(mine.course).toMatchObject({
      id: p.courseId,
      settingLabel: 'At home',
      stage: { phase: 'preparation' },
    });
    const home = mine.upcoming.find((u: { kind: string }) => u.kind === 'at_home');
    expect(home).toMatchObject({ id, label: 'At-home session 1', link: `/portal/at-home/${id}` });
    expect(home.when).toMatch(/Nov 26/);
    // Its own booked visit (if any) is not listed twice.
    expect(mine.upcoming.filter((u: { id: string }) => u.id === id)).toHaveLength(1);
    expect(mine.prepare.heading).toBe(`Before your at-home session 1 on ${home.when}`);
    expect(mine.prepare.items.join(' ')).toMatch(/sober adult/);

    // A dose taken at home counts towards "dosing n of N".
    await w.t.ctx.db
      .updateTable('at_home_sessions')
      .set({ state: 'checked_out', dose_taken_at: w.t.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    const after = (await p.phone.get('/api/portal/progress')).json();
    expect(after.course.stage).toMatchObject({ phase: 'dosing', dosing: { done: 1 } });
    expect(after.upcoming.some((u: { id: string }) => u.id === id)).toBe(false);
  });
});
