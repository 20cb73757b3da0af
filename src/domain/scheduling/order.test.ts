import { describe, expect, it } from 'vitest';
import { freeSlots } from './intervals';
import { followWindow, keepsOrder, type OrderedVisit } from './order';
import { localToUtc } from './time';

const LA = 'America/Los_Angeles';
const at = (date: string, time: string) => localToUtc(date, time, LA);
const visit = (
  id: string,
  category: OrderedVisit['category'],
  date: string,
  start: string,
  end: string,
  extra: Partial<OrderedVisit> = {},
): OrderedVisit => ({
  id,
  category,
  status: 'booked',
  startsAt: at(date, start),
  endsAt: at(date, end),
  courseId: null,
  ...extra,
});

describe('course order: a visit that follows the dosing visit', () => {
  const dose1 = visit('d1', 'dosing', '2027-01-12', '09:30', '12:00');
  const dose2 = visit('d2', 'dosing', '2027-01-19', '09:30', '12:00');
  const integration = visit('i1', 'integration', '2027-01-13', '10:00', '11:00');

  it('lies between the end of the dosing visit before it and the start of the next', () => {
    const w = followWindow(integration, [dose2, integration, dose1]);
    expect(w.after?.id).toBe('d1');
    expect(w.before?.id).toBe('d2');
    expect(w).toMatchObject({ notBefore: dose1.endsAt, notAfter: dose2.startsAt });
    // 08:00 on the dosing day (the time once offered) is before the dose; 12:00, as it ends, is the first in order.
    expect(keepsOrder({ start: at('2027-01-12', '08:00'), end: at('2027-01-12', '09:00') }, w)).toBe(false);
    expect(keepsOrder({ start: at('2027-01-12', '11:30'), end: at('2027-01-12', '12:30') }, w)).toBe(false);
    expect(keepsOrder({ start: at('2027-01-12', '12:00'), end: at('2027-01-12', '13:00') }, w)).toBe(true);
    expect(keepsOrder({ start: at('2027-01-19', '08:30'), end: at('2027-01-19', '09:30') }, w)).toBe(true);
    expect(keepsOrder({ start: at('2027-01-19', '09:00'), end: at('2027-01-19', '10:00') }, w)).toBe(false);
  });

  it('ignores cancelled and missed dosing visits, and other courses’ when the visit belongs to a course', () => {
    const cancelled = { ...dose1, status: 'cancelled' as const };
    expect(followWindow(integration, [cancelled, dose2])).toEqual({
      after: null,
      before: null,
      notBefore: null,
      notAfter: null,
    });
    expect(followWindow(integration, [{ ...dose1, status: 'no_show' }]).after).toBeNull();
    expect(followWindow(integration, [{ ...dose1, status: 'completed' }]).after?.id).toBe('d1');
    const inCourse = { ...integration, courseId: 'c1' };
    expect(followWindow(inCourse, [dose1, dose2]).after).toBeNull();
    expect(
      followWindow(inCourse, [
        { ...dose1, courseId: 'c1' },
        { ...dose2, courseId: 'c2' },
      ]),
    ).toMatchObject({ notBefore: dose1.endsAt, notAfter: null });
  });

  it('sets no bounds without a dosing visit before it', () => {
    const w = followWindow(integration, [
      integration,
      visit('p', 'preparation', '2027-01-05', '10:00', '11:00'),
    ]);
    expect(w).toEqual({ after: null, before: null, notBefore: null, notAfter: null });
    expect(followWindow(integration, [dose2]).notAfter).toBeNull();
    expect(keepsOrder({ start: at('2027-01-01', '08:00'), end: at('2027-01-01', '09:00') }, w)).toBe(true);
  });

  it('keeps local times across the spring-forward night (the dose ends at 03:30 PDT on 14 March 2027)', () => {
    const night = visit('d3', 'dosing', '2027-03-14', '00:30', '03:30');
    const w = followWindow({ id: 'x', startsAt: at('2027-03-15', '10:00'), courseId: null }, [night]);
    // 00:30 PST + 2 h of elapsed time is 03:30 PDT.
    expect(Date.parse(night.endsAt) - Date.parse(night.startsAt)).toBe(2 * 3_600_000);
    const slots = freeSlots({
      from: '2027-03-14',
      days: 1,
      windows: [{ weekday: 0, start: '00:00', end: '06:00', tz: LA, locationId: null }],
      busy: [],
      durationMin: 60,
      stepMin: 30,
      notBefore: w.notBefore ?? undefined,
    });
    expect(slots[0]?.start).toBe(at('2027-03-14', '03:30'));
  });
});
