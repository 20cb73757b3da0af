import { describe, expect, it } from 'vitest';
import { offersFor } from './visit-note-offer';

const base = {
  status: 'booked',
  visitEndsAt: '2026-11-25T19:00:00.000Z',
  firstName: 'Sam',
  typeName: 'Integration',
  course: { id: 'c1' },
  dosed: [],
};
const session = (n: number, at: string) => ({
  id: `s${n}`,
  number: n,
  firstDoseAt: at,
  localDate: at.slice(0, 10),
});

describe('which note fits a therapy visit', () => {
  it('integration with no dosing session: a preparation note, and why not integration', () => {
    const r = offersFor({ ...base, category: 'integration' });
    expect(r.offers.map((o) => o.kind)).toEqual(['preparation']);
    expect(r.explanation).toMatch(/^No dosing session yet in Sam’s course/);
  });

  it('integration after dosing: the latest session before the visit first, later ones left out', () => {
    const r = offersFor({
      ...base,
      category: 'integration',
      dosed: [
        session(1, '2026-11-10T17:00:00.000Z'),
        session(2, '2026-11-24T17:00:00.000Z'),
        session(3, '2026-11-26T17:00:00.000Z'),
      ],
    });
    expect(r.offers.map((o) => `${o.kind}:${o.dosingSessionNumber ?? ''}`)).toEqual([
      'integration:2',
      'integration:1',
      'preparation:',
    ]);
    expect(r.explanation).toBeNull();
  });

  it('integration when every session came after the visit says so', () => {
    const r = offersFor({
      ...base,
      category: 'integration',
      dosed: [session(1, '2026-11-26T17:00:00.000Z')],
    });
    expect(r.offers.map((o) => o.kind)).toEqual(['preparation']);
    expect(r.explanation).toMatch(/^No dosing session took place before this visit/);
  });

  it('preparation: a preparation note first; nothing without a course, or for a cancelled or missed visit', () => {
    expect(
      offersFor({
        ...base,
        category: 'preparation',
        dosed: [session(1, '2026-11-10T17:00:00.000Z')],
      }).offers.map((o) => o.kind),
    ).toEqual(['preparation', 'integration']);
    expect(offersFor({ ...base, category: 'preparation', course: null })).toMatchObject({
      offers: [],
      explanation: expect.stringMatching(/Sam has no treatment course yet/),
    });
    expect(offersFor({ ...base, category: 'preparation', status: 'cancelled' }).offers).toEqual([]);
    expect(offersFor({ ...base, category: 'preparation', status: 'no_show' }).explanation).toMatch(
      /Sam did not attend/,
    );
    expect(offersFor({ ...base, category: 'dosing', typeName: 'IM dosing' }).explanation).toBe(
      'Preparation and integration notes are written for therapy visits; this visit is “IM dosing”.',
    );
  });
});
