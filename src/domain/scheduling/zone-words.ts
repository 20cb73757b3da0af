/**
 * A time zone named in words, for every place a screen, an email or a record says which clock its times are
 * on: "Pacific time", never "America/Los_Angeles". One function, so the portal, the calendar, the booking form
 * and the printed records all name the clinic's clock the same way.
 *
 * The words come from the platform's time-zone names (CLDR, through Intl): the generic name where there is
 * one ("Pacific Time", which covers both PST and PDT), else the zone's standard name, else its city
 * ("Lisbon time"). Zones without a region (UTC) keep their usual short name.
 */
import { dateTimeFormat } from '../intl-format';

const cache = new Map<string, string>();

function intlName(tz: string, style: 'longGeneric' | 'long'): string | undefined {
  try {
    return dateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(new Date(Date.UTC(2026, 0, 15)))
      .find((p) => p.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
}

/** The city part of an IANA name: "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(tz: string): string {
  return (tz.split('/').pop() ?? tz).replace(/_/g, ' ');
}

export function zoneInWords(tz: string): string {
  const hit = cache.get(tz);
  if (hit) return hit;
  let words: string;
  if (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/i.test(tz)) words = 'UTC';
  else {
    const named = [intlName(tz, 'longGeneric'), intlName(tz, 'long')].find((n) => n && !/^GMT/.test(n));
    // "Pacific Time" → "Pacific time"; "India Standard Time" → "India standard time" reads as a sentence.
    words = named ? named.replace(/ (Standard )?Time$/, (m) => m.toLowerCase()) : `${zoneCity(tz)} time`;
  }
  cache.set(tz, words);
  return words;
}

/** A zone where one is chosen from a list: "Pacific time (Los Angeles)", searchable by clock or by city. */
export function zoneWithCity(tz: string): string {
  const words = zoneInWords(tz);
  const city = zoneCity(tz);
  return words === `${city} time` || words === 'UTC' ? words : `${words} (${city})`;
}

/** A calendar date (YYYY-MM-DD, already the clinic's) in words: "Tue, Jan 12, 2027". */
export function dateWords(ymd: string, style: 'short' | 'plain' = 'short'): string {
  const d = new Date(`${ymd.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return ymd;
  return dateTimeFormat('en-US', {
    ...(style === 'short' ? { weekday: 'short' as const } : {}),
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** An instant on the clinic's clock, short: "Tue, Jan 12, 10:30 AM PST". */
export function instantWords(instant: string | Date, tz: string): string {
  return dateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}
