import { describe, expect, it } from 'vitest';
import { describeMoaas, isMoaasScore, MOAAS_SCALE, sedationResolved } from './sedation';

describe('MOAA/S', () => {
  it('defines 0–5 with 5 = alert and 0 = no response to pain', () => {
    expect(MOAAS_SCALE.map((l) => l.score)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(describeMoaas(5)).toMatch(/readily to name/);
    expect(describeMoaas(3)).toMatch(/loudly/);
    expect(describeMoaas(2)).toMatch(/prodding or shaking/);
    expect(describeMoaas(0)).toMatch(/No response/);
  });

  it('validates scores', () => {
    expect([0, 5].every(isMoaasScore)).toBe(true);
    expect([-1, 6, 2.5, '5', null].some(isMoaasScore)).toBe(false);
  });

  it('treats only 5 as resolved', () => {
    expect(sedationResolved(5)).toBe(true);
    expect(sedationResolved(4)).toBe(false);
    expect(sedationResolved(undefined)).toBe(false);
  });
});
