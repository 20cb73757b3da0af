// iCalendar (RFC 5545) text for calendar feeds and "add to calendar" files.
//
// Times are written in UTC (`DTSTART:20260310T170000Z`), which every calendar app converts to its own zone;
// that avoids shipping VTIMEZONE definitions. Text is escaped and lines are folded at 75 octets (RFC 5545
// §3.1, §3.3.11) so multi-line instructions and non-ASCII names survive every client.

export interface CalendarEvent {
  uid: string;
  /** Increases each time the visit changes, so calendar apps replace their copy. */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** When this version was produced. */
  stamp: string;
}

export interface CalendarDoc {
  name?: string;
  method?: 'PUBLISH' | 'CANCEL';
  events: readonly CalendarEvent[];
  /** Suggested refresh interval for feeds, in minutes. */
  refreshMinutes?: number;
}

export const PRODID = '-//Liminal//Liminal clinic platform//EN';

export function icalDateTime(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${instant}`);
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT value escaping: backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('')
    .filter((c) => c === '\n' || c === '\t' || (c >= ' ' && c !== '\u007f'))
    .join('')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per physical line, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  const utf8 = new TextEncoder();
  for (const ch of line) {
    const size = utf8.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function buildCalendar(doc: CalendarDoc): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${doc.method ?? 'PUBLISH'}`,
  ];
  if (doc.name) lines.push(`X-WR-CALNAME:${escapeText(doc.name)}`);
  if (doc.refreshMinutes) {
    lines.push(
      `REFRESH-INTERVAL;VALUE=DURATION:PT${doc.refreshMinutes}M`,
      `X-PUBLISHED-TTL:PT${doc.refreshMinutes}M`,
    );
  }
  for (const e of doc.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`,
      `DTSTAMP:${icalDateTime(e.stamp)}`,
      `DTSTART:${icalDateTime(e.start)}`,
      `DTEND:${icalDateTime(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `STATUS:${e.status}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
