import { describe, expect, it } from 'vitest';
import { doseStep, experienceAnswers, experiencePlan } from './experience';
import { Rng } from './random';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Many sessions' answers for patients whose plan reaches `drop`, half on each intensity side. */
function sample(drop: number, n = 4000) {
  const rng = new Rng('experience-test');
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = experienceAnswers(rng.fork(i), { drop, side: i % 2 === 0 ? 1 : -1 }, 0);
    if (a) out.push(a);
  }
  return out;
}

describe('the synthetic clinic’s end-of-session ratings', () => {
  it('are the same for a seed, whole numbers 0–10, and skip about one session in ten', () => {
    const a = sample(0.5, 500);
    expect(sample(0.5, 500)).toEqual(a);
    expect(a.length).toBeGreaterThan(420);
    expect(a.length).toBeLessThan(480);
    for (const r of a)
      for (const v of [...Object.values(r.lxr), ...Object.values(r.lds)]) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(10);
      }
  });

  it('follow the documented model: more insight and moderate intensity with larger PHQ-9 drops', () => {
    const small = sample(0.1);
    const large = sample(0.8);
    const insight = (s: typeof small) => mean(s.map((r) => r.lxr['lxr-insight'] ?? 0));
    const offModerate = (s: typeof small) =>
      mean(s.map((r) => Math.abs((r.lxr['lxr-intensity'] ?? 0) - 5.5)));
    // Means of the model: insight 2 + 6·drop (2.6 vs 6.8); intensity 5.5 ± 3.5·(1 − drop) (3.15 vs 0.7 off 5.5).
    expect(insight(small)).toBeCloseTo(2.6, 0);
    expect(insight(large)).toBeCloseTo(6.8, 0);
    expect(offModerate(small)).toBeGreaterThan(2.5);
    expect(offModerate(large)).toBeLessThan(1.5);
  });

  it('reads the drop from the plan and the dose step from the route’s range', () => {
    expect(experiencePlan(1, 20, 5)).toEqual({ drop: 0.75, side: 1 });
    expect(experiencePlan(-1, 0, 0).drop).toBe(0);
    expect(experiencePlan(-1, 10, 14).drop).toBe(0);
    expect([0.5, 0.7, 0.9].map((d) => doseStep('im_kap', d))).toEqual([-1, 0, 1]);
    expect([56, 84].map((d) => doseStep('esketamine', d))).toEqual([-1, 1]);
    expect([100, 200, 300].map((d) => doseStep('at_home_sl', d))).toEqual([-1, 0, 1]);
  });
});
