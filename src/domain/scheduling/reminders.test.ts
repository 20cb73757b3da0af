import { describe, expect, it } from 'vitest';
import { cancellationWindow, pickDue, planReminders, reminderKind } from './reminders';

describe('reminder timing', () => {
  const start = '2026-03-10T16:00:00.000Z';

  it('plans 48 h and 2 h reminders, dropping any already past at booking', () => {
    expect(planReminders(start, [2880, 120], new Date('2026-03-01T00:00:00Z'))).toEqual([
      { kind: '48h', offsetMinutes: 2880, sendAt: '2026-03-08T16:00:00.000Z' },
      { kind: '2h', offsetMinutes: 120, sendAt: '2026-03-10T14:00:00.000Z' },
    ]);
    expect(planReminders(start, [2880, 120], new Date('2026-03-09T12:00:00Z')).map((r) => r.kind)).toEqual([
      '2h',
    ]);
    expect(planReminders(start, [120, 120, -5, 1.5], new Date('2026-03-01T00:00:00Z'))).toHaveLength(1);
  });

  it('names offsets', () => {
    expect([
      reminderKind(2880),
      reminderKind(120),
      reminderKind(90),
      reminderKind(10080),
      reminderKind(1440),
    ]).toEqual(['48h', '2h', '90m', '7d', '24h']);
  });

  it('sends only the latest due reminder, and nothing once the visit started', () => {
    const pending = [
      { id: 'a', sendAt: '2026-03-08T16:00:00.000Z' },
      { id: 'b', sendAt: '2026-03-10T14:00:00.000Z' },
    ];
    expect(pickDue(pending, new Date('2026-03-08T15:59:59Z'), start)).toEqual({ send: null, skip: [] });
    expect(pickDue(pending, new Date('2026-03-08T16:00:00Z'), start)).toEqual({ send: 'a', skip: [] });
    expect(pickDue(pending, new Date('2026-03-10T14:30:00Z'), start)).toEqual({
      send: 'b',
      skip: [{ id: 'a', reason: 'superseded' }],
    });
    expect(pickDue(pending, new Date('2026-03-10T16:00:00Z'), start).skip.map((s) => s.reason)).toEqual([
      'too_late',
      'too_late',
    ]);
  });

  it('opens online cancellation until the notice period', () => {
    expect(cancellationWindow(start, new Date('2026-03-09T16:00:00Z'), 24)).toEqual({
      allowed: true,
      deadline: '2026-03-09T16:00:00.000Z',
    });
    expect(cancellationWindow(start, new Date('2026-03-09T16:00:01Z'), 24).allowed).toBe(false);
  });
});
