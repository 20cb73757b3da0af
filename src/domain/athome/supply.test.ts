import { describe, expect, it } from 'vitest';
import { checkCount, supplyBalance } from './supply';

describe('take-home supply reconciliation', () => {
  it('dispensed minus taken minus disposed is what the patient should hold', () => {
    expect(supplyBalance({ dispensed: 12, taken: [2, 2, 3], disposed: [1] })).toEqual({
      dispensed: 12,
      taken: 7,
      disposed: 1,
      expected: 4,
      overdrawn: false,
    });
  });

  it('a matching count is clean; one troche short is a discrepancy with the figures in words', () => {
    const input = { dispensed: 12, taken: [2, 2], disposed: [] };
    expect(checkCount(input, 8).matches).toBe(true);
    const short = checkCount(input, 7);
    expect(short.matches).toBe(false);
    expect(short.difference).toBe(-1);
    expect(short.message).toBe(
      'The patient counted 7 troches; the record says 8 troches (dispensed 12, taken 4, disposed of 0).',
    );
    expect(checkCount(input, 9).difference).toBe(1);
  });

  it('more taken than dispensed is overdrawn, whatever the patient counts', () => {
    const c = checkCount({ dispensed: 4, taken: [2, 3], disposed: [] }, 0);
    expect(c.balance.expected).toBe(0);
    expect(c.balance.overdrawn).toBe(true);
    expect(c.matches).toBe(false);
    expect(c.message).toMatch(/more troches taken or disposed of \(5\) than dispensed \(4\)/);
  });

  it('nothing dispensed, nothing taken: zero expected, a zero count matches', () => {
    expect(checkCount({ dispensed: 0, taken: [], disposed: [] }, 0).matches).toBe(true);
  });
});
