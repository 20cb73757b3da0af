import { describe, expect, it } from 'vitest';
import {
  CLINICAL_MINIMUM_YEARS,
  effectiveFloor,
  isPastFloor,
  RETENTION_FLOORS,
  retentionCutoff,
} from './floors';

describe('retention floors', () => {
  it('states each floor with its source', () => {
    expect(RETENTION_FLOORS.audit).toMatchObject({
      years: 6,
      source: expect.stringMatching(/45 CFR 164\.316\(b\)\(2\)/),
    });
    expect(RETENTION_FLOORS.ledger).toMatchObject({
      years: 2,
      source: expect.stringMatching(/21 CFR 1304\.04\(a\)/),
    });
    expect(RETENTION_FLOORS.clinical.years).toBe(6);
    expect(CLINICAL_MINIMUM_YEARS).toBe(6);
  });

  it('a clinic policy raises the clinical floor but never lowers it, and touches no other floor', () => {
    expect(effectiveFloor('clinical', 10)).toMatchObject({
      years: 10,
      policyYears: 10,
      policyBelowFloor: false,
      source: expect.stringMatching(/^Clinic policy \(10 years\)/),
    });
    expect(effectiveFloor('clinical', 3)).toMatchObject({ years: 6, policyYears: 3, policyBelowFloor: true });
    expect(effectiveFloor('clinical', null)).toMatchObject({ years: 6, policyYears: null });
    expect(effectiveFloor('clinical', Number.NaN).years).toBe(6);
    expect(effectiveFloor('audit', 1).years).toBe(6);
    expect(effectiveFloor('ledger', 1).years).toBe(2);
  });

  it('counts calendar years back from now, in UTC', () => {
    expect(retentionCutoff(new Date('2026-11-25T15:00:00.000Z'), 6).toISOString()).toBe(
      '2020-11-25T15:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-11-25T15:00:00.000Z'), 2).toISOString()).toBe(
      '2024-11-25T15:00:00.000Z',
    );
    // 29 February steps back to the 28th in a common year: never a day early.
    expect(retentionCutoff(new Date('2028-02-29T00:00:00.000Z'), 2).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2028-02-29T00:00:00.000Z'), 4).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(() => retentionCutoff(new Date(), -1)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(), 1.5)).toThrow(RangeError);
  });

  it('a record is past its floor only when strictly older than the cutoff', () => {
    const now = new Date('2026-11-25T15:00:00.000Z');
    expect(isPastFloor('2020-11-25T14:59:59.999Z', now, 6)).toBe(true);
    expect(isPastFloor('2020-11-25T15:00:00.000Z', now, 6)).toBe(false);
    expect(isPastFloor('2024-11-25T15:00:00.001Z', now, 2)).toBe(false);
    expect(isPastFloor('2024-11-24T00:00:00.000Z', now, 2)).toBe(true);
    expect(isPastFloor('not a date', now, 0)).toBe(false);
  });
});
