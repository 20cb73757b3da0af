import { describe, expect, it } from 'vitest';
import { daysBetween as daysBetweenDates } from '../ledger/calendar';
import { COURSE_TEMPLATES, dosingDates, proposeSchedule } from './proposal';
import { toLocal, weekday } from './time';

const LA = 'America/Los_Angeles';
const base = { time: '09:00', tz: LA } as const;
const of = (kind: string, visits: ReturnType<typeof proposeSchedule>) =>
  visits.filter((v) => v.kind === kind);

describe('course schedule proposals', () => {
  it('esketamine: twice weekly for four weeks, then weekly (12 sessions), with the label phases', () => {
    const visits = proposeSchedule({ ...base, route: 'esketamine', start: '2026-02-02' }); // a Monday
    const doses = of('dosing', visits);
    expect(doses).toHaveLength(12);
    expect(doses.map((d) => d.date)).toEqual([
      '2026-02-02',
      '2026-02-05',
      '2026-02-09',
      '2026-02-12',
      '2026-02-16',
      '2026-02-19',
      '2026-02-23',
      '2026-02-26',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
    ]);
    expect(doses.slice(0, 8).every((d) => d.label.includes('Induction'))).toBe(true);
    expect(doses.slice(8).every((d) => d.label.includes('weekly, weeks 5–8'))).toBe(true);
    expect(doses.every((d) => d.typeCode === 'dosing_esketamine')).toBe(true);
    // ≥ 2 h 15 min by default.
    expect(doses.every((d) => Date.parse(d.endsAt) - Date.parse(d.startsAt) === 135 * 60_000)).toBe(true);
  });

  it('IV: six infusions twice weekly; IM and sublingual: six weekly sessions', () => {
    const ivDoses = of('dosing', proposeSchedule({ ...base, route: 'iv', start: '2026-02-03' }));
    expect(ivDoses.map((d) => d.date)).toEqual([
      '2026-02-03',
      '2026-02-06',
      '2026-02-10',
      '2026-02-13',
      '2026-02-17',
      '2026-02-20',
    ]);
    expect(daysBetweenDates(ivDoses[0]?.date as string, ivDoses[5]?.date as string)).toBeLessThanOrEqual(21);
    for (const route of ['im', 'sublingual'] as const) {
      const doses = of('dosing', proposeSchedule({ ...base, route, start: '2026-02-04' }));
      expect(doses).toHaveLength(COURSE_TEMPLATES[route].dosingCount);
      expect(doses.every((d) => weekday(d.date) === 3)).toBe(true);
      expect(doses[0]?.typeCode).toBe(`dosing_${route}`);
    }
    expect(
      of('dosing', proposeSchedule({ ...base, route: 'im', start: '2026-02-04', dosingCount: 3 })),
    ).toHaveLength(3);
  });

  it('proposes an integration visit 1–3 days after each dose, on a weekday that is not a dosing day', () => {
    for (const route of ['esketamine', 'iv', 'im', 'sublingual'] as const) {
      const visits = proposeSchedule({ ...base, route, start: '2026-02-05', therapyTime: '14:00' }); // a Thursday
      const doses = of('dosing', visits);
      const integrations = of('integration', visits);
      expect(integrations).toHaveLength(doses.length);
      const dosingDays = new Set(doses.map((d) => d.date));
      integrations.forEach((v, i) => {
        const gap = daysBetweenDates(doses[i]?.date as string, v.date);
        expect(gap).toBeGreaterThanOrEqual(1);
        expect(gap).toBeLessThanOrEqual(3);
        expect(dosingDays.has(v.date)).toBe(false);
        expect([0, 6]).not.toContain(weekday(v.date));
        expect(v).toMatchObject({ afterDosing: i + 1, time: '14:00' });
        expect(v.earliest && v.latest && v.earliest <= v.date && v.date <= v.latest).toBe(true);
      });
    }
  });

  it('proposes preparation the week before and follow-ups at 1, 3 and 6 months after the last dose', () => {
    const visits = proposeSchedule({ ...base, route: 'im', start: '2026-02-04', dosingCount: 4 });
    const prep = of('preparation', visits);
    expect(prep.map((p) => p.date)).toEqual(['2026-01-28']);
    expect(visits[0]?.kind).toBe('preparation');
    const follow = of('follow_up', visits);
    // Last dose 25 Feb 2026 (a Wednesday): +1 month 25 Mar, +3 months 25 May (Mon), +6 months 25 Aug.
    expect(follow.map((f) => f.date)).toEqual(['2026-03-25', '2026-05-25', '2026-08-25']);
    expect(follow.map((f) => f.label)).toEqual([
      'Follow-up at 1 month',
      'Follow-up at 3 months',
      'Follow-up at 6 months',
    ]);
    // Weekend follow-up dates move to Monday.
    const sat = of(
      'follow_up',
      proposeSchedule({ ...base, route: 'im', start: '2026-01-30', dosingCount: 1, followUpMonths: [1] }),
    );
    expect(sat[0]?.date).toBe('2026-03-02');
  });

  it('keeps 09:00 local across the March DST change: the UTC hour moves, the wall clock does not', () => {
    const doses = of(
      'dosing',
      proposeSchedule({ ...base, route: 'im', start: '2026-03-03', dosingCount: 3 }),
    );
    expect(doses.map((d) => d.startsAt)).toEqual([
      '2026-03-03T17:00:00.000Z',
      '2026-03-10T16:00:00.000Z',
      '2026-03-17T16:00:00.000Z',
    ]);
    expect(doses.every((d) => toLocal(d.startsAt, LA).time === '09:00')).toBe(true);
  });

  it('a time that does not exist (the spring-forward night) is proposed at the time it will be kept, and says so', () => {
    // 14 March 2027: Los Angeles clocks go from 02:00 to 03:00, so 02:30 is kept as 10:30Z = 03:30 local.
    const visits = proposeSchedule({
      ...base,
      route: 'im',
      start: '2027-03-14',
      time: '02:30',
      dosingCount: 2,
      skipWeekends: false,
      followUpMonths: [],
    });
    const [first, second] = of('dosing', visits);
    expect(first).toMatchObject({
      date: '2027-03-14',
      time: '03:30',
      shiftedFrom: '02:30',
      startsAt: '2027-03-14T10:30:00.000Z',
    });
    expect(toLocal(first?.startsAt as string, LA).time).toBe(first?.time);
    // A week later 02:30 exists again: nothing moved.
    expect(second).toMatchObject({ time: '02:30', startsAt: '2027-03-21T09:30:00.000Z' });
    expect(second?.shiftedFrom).toBeUndefined();
  });

  it('moves weekend starts to Monday and keeps dates strictly increasing', () => {
    const dates = dosingDates(COURSE_TEMPLATES.esketamine, '2026-02-07', 12, true).map((d) => d.date); // a Saturday
    expect(dates[0]).toBe('2026-02-09');
    for (let i = 1; i < dates.length; i++) expect((dates[i] as string) > (dates[i - 1] as string)).toBe(true);
    expect(dates.every((d) => ![0, 6].includes(weekday(d)))).toBe(true);
  });

  it('refuses nonsense input', () => {
    expect(() => proposeSchedule({ ...base, route: 'im', start: '2026-02-30' })).toThrow(RangeError);
    expect(() => proposeSchedule({ ...base, route: 'im', start: '2026-02-03', time: '25:00' })).toThrow(
      RangeError,
    );
    expect(() => proposeSchedule({ ...base, route: 'im', start: '2026-02-03', dosingCount: 0 })).toThrow(
      RangeError,
    );
  });
});
