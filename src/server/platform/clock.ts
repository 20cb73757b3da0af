/**
 * The one source of "now" on the server. Instants are ISO-8601 UTC strings everywhere
 * (`2026-11-25T19:03:44.123Z`): they sort as text on both engines and need no driver-specific parsing.
 * Tests swap in a FakeClock to move time without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  private t: number;
  constructor(start: string | Date = '2026-11-25T15:00:00.000Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceMinutes(m: number): void {
    this.advance(m * 60_000);
  }
  set(at: string | Date): void {
    this.t = new Date(at).getTime();
  }
}

export const iso = (d: Date): string => d.toISOString();
export const addMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * The calendar date (YYYY-MM-DD) at an instant in a time zone. Formatters are kept per zone: building an
 * Intl.DateTimeFormat costs far more than using one, and this runs on every ledger and measures write.
 * Throws a RangeError for an unknown zone, like the constructor.
 */
export function dateInZone(timeZone: string, at: Date): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}
