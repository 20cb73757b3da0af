import { describe, expect, it } from 'vitest';
import { assignStaff, canTransition } from './catalogue';
import { clashes, freeSlots, overlaps, type WeeklyWindow, withinWorkingHours } from './intervals';
import { localToUtc } from './time';

const LA = 'America/Los_Angeles';
const iv = (start: string, end: string) => ({ start, end });

describe('overlap arithmetic', () => {
  it('treats intervals as half-open: back-to-back visits do not clash', () => {
    expect(
      overlaps(
        iv('2026-03-10T16:00:00Z', '2026-03-10T18:00:00Z'),
        iv('2026-03-10T18:00:00Z', '2026-03-10T19:00:00Z'),
      ),
    ).toBe(false);
    expect(
      overlaps(
        iv('2026-03-10T16:00:00Z', '2026-03-10T18:00:00Z'),
        iv('2026-03-10T17:59:00Z', '2026-03-10T19:00:00Z'),
      ),
    ).toBe(true);
    expect(
      overlaps(
        iv('2026-03-10T16:00:00Z', '2026-03-10T18:00:00Z'),
        iv('2026-03-10T15:00:00Z', '2026-03-10T20:00:00Z'),
      ),
    ).toBe(true);
    expect(
      clashes(iv('2026-03-10T16:00:00Z', '2026-03-10T17:00:00Z'), [
        iv('2026-03-10T15:00:00Z', '2026-03-10T16:30:00Z'),
        iv('2026-03-10T17:00:00Z', '2026-03-10T18:00:00Z'),
      ]),
    ).toHaveLength(1);
  });
});

describe('working hours in local time', () => {
  const tuesday: WeeklyWindow = { weekday: 2, start: '08:00', end: '17:00', tz: LA, locationId: 'loc-a' };

  it('holds 08:00–17:00 local on both sides of a DST change', () => {
    const winter = {
      start: localToUtc('2026-03-03', '08:00', LA),
      end: localToUtc('2026-03-03', '10:30', LA),
    };
    const summer = {
      start: localToUtc('2026-03-10', '08:00', LA),
      end: localToUtc('2026-03-10', '10:30', LA),
    };
    expect(withinWorkingHours(winter, [tuesday], 'loc-a')).toBe(true);
    expect(withinWorkingHours(summer, [tuesday], 'loc-a')).toBe(true);
    // 07:30 local is outside, whatever the UTC offset.
    expect(
      withinWorkingHours(
        { start: localToUtc('2026-03-10', '07:30', LA), end: localToUtc('2026-03-10', '09:00', LA) },
        [tuesday],
        'loc-a',
      ),
    ).toBe(false);
  });

  it('checks the location (video visits may be run from any site)', () => {
    const visit = {
      start: localToUtc('2026-03-10', '09:00', LA),
      end: localToUtc('2026-03-10', '10:00', LA),
    };
    expect(withinWorkingHours(visit, [tuesday], 'loc-b')).toBe(false);
    expect(withinWorkingHours(visit, [tuesday], null)).toBe(true);
    expect(withinWorkingHours(visit, [{ ...tuesday, locationId: null }], 'loc-b')).toBe(true);
  });

  it('lists free slots in local time, skipping busy ones and the past', () => {
    const busy = [
      { start: localToUtc('2026-03-10', '09:00', LA), end: localToUtc('2026-03-10', '10:00', LA) },
    ];
    const slots = freeSlots({
      from: '2026-03-10',
      days: 1,
      windows: [{ ...tuesday, end: '12:00' }],
      busy,
      durationMin: 60,
      stepMin: 60,
    });
    expect(slots.map((s) => s.start)).toEqual([
      localToUtc('2026-03-10', '08:00', LA),
      localToUtc('2026-03-10', '10:00', LA),
      localToUtc('2026-03-10', '11:00', LA),
    ]);
    const later = freeSlots({
      from: '2026-03-10',
      days: 8,
      windows: [tuesday],
      busy: [],
      durationMin: 60,
      notBefore: localToUtc('2026-03-10', '16:30', LA),
      limit: 2,
    });
    expect(later.map((s) => s.start)).toEqual([
      localToUtc('2026-03-17', '08:00', LA),
      localToUtc('2026-03-17', '08:30', LA),
    ]);
  });
});

describe('who a visit holds', () => {
  const dosing = [
    { roles: ['nurse' as const], hold: 'exclusive' as const },
    { roles: ['prescriber' as const], hold: 'on_site' as const },
  ];

  it('assigns a nurse (held) and a supervising prescriber (on site); extras are held', () => {
    const r = assignStaff(dosing, [
      { userId: 'p', role: 'prescriber' },
      { userId: 'n', role: 'nurse' },
      { userId: 't', role: 'therapist' },
    ]);
    expect(r).toEqual({
      ok: true,
      staff: [
        { userId: 'n', role: 'nurse', hold: 'exclusive' },
        { userId: 'p', role: 'prescriber', hold: 'on_site' },
        { userId: 't', role: 'therapist', hold: 'exclusive' },
      ],
    });
  });

  it('says what is missing, and refuses duplicates and non-clinical roles', () => {
    expect(assignStaff(dosing, [{ userId: 'n', role: 'nurse' }])).toEqual({
      ok: false,
      missing: ['A supervising prescriber on site'],
      invalid: [],
    });
    expect(
      assignStaff(dosing, [
        { userId: 'n', role: 'nurse' },
        { userId: 'n', role: 'nurse' },
      ]),
    ).toMatchObject({ ok: false, invalid: [1] });
    expect(assignStaff(dosing, [{ userId: 'f', role: 'front_desk' }])).toMatchObject({
      ok: false,
      invalid: [0],
    });
  });

  it('fills the narrowest requirement first', () => {
    const r = assignStaff(
      [
        { roles: ['prescriber', 'therapist'], hold: 'exclusive' },
        { roles: ['prescriber'], hold: 'exclusive' },
      ],
      [
        { userId: 'p', role: 'prescriber' },
        { userId: 't', role: 'therapist' },
      ],
    );
    expect(r.ok).toBe(true);
  });

  it('allows only sensible status changes', () => {
    expect(canTransition('booked', 'checked_in')).toBe(true);
    expect(canTransition('checked_in', 'completed')).toBe(true);
    expect(canTransition('cancelled', 'booked')).toBe(false);
    expect(canTransition('completed', 'no_show')).toBe(false);
    expect(canTransition('no_show', 'booked')).toBe(true);
  });
});
