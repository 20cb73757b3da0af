import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from './ical';

describe('iCalendar output', () => {
  const text = buildCalendar({
    name: 'Dr Example — Liminal',
    refreshMinutes: 30,
    events: [
      {
        uid: 'a1@liminal',
        sequence: 2,
        start: '2026-03-10T16:00:00.000Z',
        end: '2026-03-10T18:30:00.000Z',
        summary: 'Dosing (IM), Chair 2; J. D.',
        description: `Bring: ID, a list of medications; comfortable clothes.\nNo driving until tomorrow. ${'Ünïcödé '.repeat(20)}`,
        location: 'Liminal Clinic, 1 Main St, Oakland, CA',
        url: 'https://clinic.example/app/appointments/a1',
        status: 'CONFIRMED',
        stamp: '2026-03-01T00:00:00.000Z',
      },
      {
        uid: 'b2@liminal',
        sequence: 0,
        start: '2026-03-11T16:00:00Z',
        end: '2026-03-11T17:00:00Z',
        summary: 'Integration',
        status: 'CANCELLED',
        stamp: '2026-03-01T00:00:00Z',
      },
    ],
  });

  it('is parsed by a real iCalendar parser with the same values', () => {
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Dr Example — Liminal');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    const e = events[0] as ICAL.Event;
    expect(e.uid).toBe('a1@liminal');
    expect(e.sequence).toBe(2);
    expect(e.summary).toBe('Dosing (IM), Chair 2; J. D.');
    expect(e.description).toContain('No driving until tomorrow.');
    expect(e.description).toContain('Ünïcödé Ünïcödé');
    expect(e.location).toBe('Liminal Clinic, 1 Main St, Oakland, CA');
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-03-10T18:30:00.000Z');
    expect(events[1]?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('folds long lines at 75 octets and escapes text', () => {
    for (const line of text.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    expect(
      foldLine('x'.repeat(150))
        .split('\r\n ')
        .map((p) => p.length),
    ).toEqual([75, 74, 1]);
  });
});
