import { describe, expect, it } from 'vitest';
import { layoutLanes, maxLanes, type Span } from './calendar-layout';

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

describe('side-by-side lanes for overlapping visits', () => {
  it('the dosing visit and the consultation inside it take two lanes; a later visit gets the whole width', () => {
    const l = layoutLanes([
      { id: 'consult', start: 600, end: 660 },
      { id: 'dosing', start: 570, end: 720 },
      { id: 'after', start: 720, end: 780 },
    ]);
    expect(l.get('dosing')).toEqual({ lane: 0, lanes: 2 });
    expect(l.get('consult')).toEqual({ lane: 1, lanes: 2 });
    expect(l.get('after')).toEqual({ lane: 0, lanes: 1 });
  });

  it('a lane freed inside a group is reused, and the group keeps its widest count', () => {
    const l = layoutLanes([
      { id: 'a', start: 540, end: 720 },
      { id: 'b', start: 540, end: 600 },
      { id: 'c', start: 600, end: 660 },
      { id: 'd', start: 610, end: 700 },
    ]);
    expect(l.get('c')?.lane).toBe(1);
    expect(l.get('d')?.lane).toBe(2);
    expect(new Set([...l.values()].map((x) => x.lanes))).toEqual(new Set([3]));
    expect(maxLanes(l)).toBe(3);
  });

  it('never puts two overlapping visits in the same lane (random days)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let day = 0; day < 200; day++) {
      const spans = Array.from({ length: 1 + rand(12) }, (_, i) => {
        const start = 420 + rand(40) * 15;
        return { id: `v${i}`, start, end: start + 15 * (1 + rand(12)) };
      });
      const l = layoutLanes(spans);
      for (const a of spans)
        for (const b of spans) {
          if (a.id === b.id || !overlaps(a, b)) continue;
          expect(l.get(a.id)?.lane).not.toBe(l.get(b.id)?.lane);
          expect(l.get(a.id)?.lanes).toBe(l.get(b.id)?.lanes);
        }
      for (const x of l.values()) expect(x.lane).toBeLessThan(x.lanes);
    }
  });
});
