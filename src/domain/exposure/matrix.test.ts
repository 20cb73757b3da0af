import { describe, expect, it } from 'vitest';
import { expm, identity, multiply } from './matrix';
import { timeGrid } from './simulate';

describe('expm', () => {
  it('exponentiates a diagonal matrix element-wise', () => {
    const e = expm([
      [-2, 0],
      [0, 0.5],
    ]);
    expect(e[0]?.[0]).toBeCloseTo(Math.exp(-2), 14);
    expect(e[1]?.[1]).toBeCloseTo(Math.exp(0.5), 14);
    expect(e[0]?.[1]).toBe(0);
  });

  it('solves one-way transfer with a large norm (scaling and squaring)', () => {
    // x1' = −k·x1, x2' = k·x1 → x1 = e^(−k), x2 = 1 − e^(−k)
    const k = 37;
    const e = expm([
      [-k, 0],
      [k, 0],
    ]);
    expect(e[0]?.[0]).toBeCloseTo(Math.exp(-k), 14);
    expect(e[1]?.[0]).toBeCloseTo(1 - Math.exp(-k), 14);
  });

  it('satisfies e^A · e^(−A) = I', () => {
    const a = [
      [-1.2, 0.3, 0.1],
      [0.7, -0.4, 0],
      [0.5, 0.1, -2],
    ];
    const minus = a.map((row) => row.map((v) => -v));
    const product = multiply(expm(a), expm(minus));
    const id = identity(3);
    product.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(id[i]?.[j] ?? Number.NaN, 12);
      });
    });
  });
});

describe('timeGrid', () => {
  it('does not drift with 0.1-minute steps and inserts the infusion end', () => {
    const grid = timeGrid(2, 0.1, 0.75);
    expect(grid).toContain(0.3);
    expect(grid).toContain(0.75);
    expect(grid.at(-1)).toBe(2);
    expect(grid).toHaveLength(22);
  });

  it('includes the duration when it is off the step grid', () => {
    expect(timeGrid(10, 3)).toEqual([0, 3, 6, 9, 10]);
  });
});
