import { describe, expect, it } from 'vitest';
import { getInstrument } from '../instruments';
import { summariseOutcome } from './outcomes';

describe('summariseOutcome', () => {
  const phq9 = getInstrument('phq9');
  const asq = getInstrument('asq');

  it('rates responders and remitters among evaluable patients, with the rules and their sources', () => {
    if (!phq9) throw new Error('phq9 missing');
    const o = summariseOutcome(phq9, { patients: 10, evaluable: 7, responders: 4, remitters: 3 });
    expect(o).toMatchObject({
      instrumentId: 'phq9',
      patients: 10,
      evaluable: 7,
      responseRate: 0.5714,
      remissionRate: 0.4286,
    });
    expect(o.responseRule).toMatchObject({ kind: 'percentDrop', value: 50 });
    expect(o.responseRule?.source).toMatch(/Kroenke/);
    expect(o.remissionRule).toMatchObject({ kind: 'below', value: 5 });
  });

  it('gives no rate without evaluable patients, or for an instrument without such rules', () => {
    if (!phq9 || !asq) throw new Error('instrument missing');
    expect(summariseOutcome(phq9, { patients: 3, evaluable: 0, responders: 0, remitters: 0 })).toMatchObject({
      responseRate: null,
      remissionRate: null,
    });
    const screen = summariseOutcome(asq, { patients: 3, evaluable: 2, responders: 2, remitters: 2 });
    expect(screen).toMatchObject({
      responseRate: null,
      remissionRate: null,
      responders: 0,
      remitters: 0,
      responseRule: null,
    });
  });
});
