import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from './intl-format';

describe('dateTimeFormat', () => {
  it('gives the same formatter for the same locale and options, and formats as Intl does', () => {
    const options = { timeZone: 'America/Los_Angeles', month: 'short', day: 'numeric' } as const;
    const a = dateTimeFormat('en-US', options);
    expect(dateTimeFormat('en-US', { ...options })).toBe(a);
    const d = new Date('2026-03-08T12:00:00Z');
    expect(a.format(d)).toBe(new Intl.DateTimeFormat('en-US', options).format(d));
    expect(a.format(d)).toBe('Mar 8');
  });

  it('gives another formatter for other options or another locale', () => {
    const a = dateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric' });
    expect(dateTimeFormat('en-US', { timeZone: 'UTC', month: 'long' })).not.toBe(a);
    expect(dateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric' })).not.toBe(a);
  });

  it('refuses an unknown time zone as Intl does, every time', () => {
    expect(() => dateTimeFormat('en-US', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en-US', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});
