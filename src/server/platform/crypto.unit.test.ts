import { describe, expect, it } from 'vitest';
import { uuidV7 } from './crypto';

describe('uuidV7', () => {
  it('is a version 7 UUID carrying its millisecond time, with 74 random bits', () => {
    const at = Date.UTC(2026, 11, 5, 19, 30, 0, 123);
    const id = uuidV7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7(at))).size).toBe(1000);
  });

  it('sorts by time, as text, across milliseconds and years', () => {
    const times = [0, 1, 999, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2089, 5, 1)];
    const ids = times.map((t) => uuidV7(t));
    expect([...ids].sort()).toEqual(ids);
  });
});
