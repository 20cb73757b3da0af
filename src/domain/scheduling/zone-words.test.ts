import { describe, expect, it } from 'vitest';
import { zoneCity, zoneInWords } from './zone-words';

describe('zoneInWords', () => {
  it('names US zones as people say them, never by their IANA id', () => {
    expect(zoneInWords('America/Los_Angeles')).toBe('Pacific time');
    expect(zoneInWords('America/New_York')).toBe('Eastern time');
    expect(zoneInWords('America/Chicago')).toBe('Central time');
    expect(zoneInWords('America/Denver')).toBe('Mountain time');
    expect(zoneInWords('America/Anchorage')).toBe('Alaska time');
  });

  it('keeps a standard-time name where the zone has no generic one, and UTC as UTC', () => {
    expect(zoneInWords('America/Phoenix')).toBe('Mountain standard time');
    expect(zoneInWords('UTC')).toBe('UTC');
    expect(zoneInWords('Etc/UTC')).toBe('UTC');
  });

  it('never returns an IANA id or an offset', () => {
    for (const tz of [
      'Pacific/Honolulu',
      'Europe/Lisbon',
      'Asia/Kolkata',
      'America/Puerto_Rico',
      'Not/A_Zone',
    ]) {
      const words = zoneInWords(tz);
      expect(words, tz).not.toContain('/');
      expect(words, tz).not.toMatch(/^GMT|_/);
      expect(words, tz).toMatch(/time$/);
    }
    expect(zoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
  });
});
