import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPPED_INSTRUMENTS } from './library';
import { compareToBaseline, findBand, scoreRange, scoreResponse } from './scoring';
import type { Answers, InstrumentDefinition, SeverityBand } from './types';
import { validateScoring } from './validate';

/** Arbitrary complete answers to an instrument's scored items (enabled conditional items too). */
function completeAnswers(def: InstrumentDefinition): fc.Arbitrary<Answers> {
  const entries = def.scoring.items.map((linkId) => {
    const item = def.items.find((i) => i.linkId === linkId);
    const set = def.answerSets.find((s) => s.id === item?.answerSet);
    return fc.constantFrom(...(set?.options.map((o) => o.value) ?? [])).map((v) => [linkId, v] as const);
  });
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs));
}

describe.each(SHIPPED_INSTRUMENTS.map((def) => [def.id, def] as const))('%s properties', (_id, def) => {
  const { min, max } = scoreRange(def);

  it('scores every complete response within [min, max] with a band, as the plain sum', () => {
    fc.assert(
      fc.property(completeAnswers(def), (answers) => {
        const result = scoreResponse(def, answers);
        if (!result.ok) return false;
        const sum = Object.values(answers).reduce<number>((acc, v) => acc + Number(v), 0);
        return result.total === sum && sum >= min && sum <= max && result.band !== null;
      }),
    );
  });

  it('has band severity non-decreasing in the score', () => {
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min, max }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowBand = findBand(def.scoring.bands, low);
        const highBand = findBand(def.scoring.bands, high);
        return lowBand !== null && highBand !== null && lowBand.severity <= highBand.severity;
      }),
    );
  });

  it('puts every possible total in exactly one band (checked exhaustively)', () => {
    for (let total = min; total <= max; total++) {
      const containing = def.scoring.bands.filter((b) => total >= b.min && total <= b.max);
      expect(containing, `total ${total}`).toHaveLength(1);
    }
    expect(def.scoring.bands.some((b) => b.min < min || b.max > max)).toBe(false);
  });

  it('reports response only for real improvement and never for a worse score', () => {
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min, max }), (baseline, current) => {
        const { response, change } = compareToBaseline(def, baseline, current);
        return change === current - baseline && (current < baseline || response !== true);
      }),
    );
  });
});

/** Arbitrary valid band partitions of [0, max]: sorted distinct cut-points between 1 and max. */
const partition = fc.integer({ min: 1, max: 60 }).chain((max) =>
  fc.uniqueArray(fc.integer({ min: 1, max }), { maxLength: Math.min(max, 6) }).map((cuts) => {
    const starts = [0, ...cuts.sort((a, b) => a - b)];
    const bands: SeverityBand[] = starts.map((start, i) => ({
      min: start,
      max: (starts[i + 1] ?? max + 1) - 1,
      label: `band ${i}`,
      severity: i,
    }));
    return { max, bands };
  }),
);

/** A one-item instrument whose single answer ranges over 0..max, to exercise band validation. */
function withBands(max: number, bands: SeverityBand[]): InstrumentDefinition {
  return {
    id: 'prop',
    name: 'Property test instrument',
    version: '1',
    origin: 'imported',
    licence: 'test',
    source: 'test',
    answerSets: [
      { id: 's', options: Array.from({ length: max + 1 }, (_, v) => ({ value: v, label: String(v) })) },
    ],
    items: [{ linkId: 'q', text: 'q', answerSet: 's' }],
    scoring: { version: '1', kind: 'sum', items: ['q'], bands, bandSource: 'test' },
  };
}

describe('band validation', () => {
  it('accepts any contiguous partition of the possible totals', () => {
    fc.assert(
      fc.property(partition, ({ max, bands }) => validateScoring(withBands(max, bands)).length === 0),
    );
  });

  it('rejects any partition with one boundary moved, naming a band field', () => {
    fc.assert(
      fc.property(partition, fc.nat(), fc.constantFrom(-1, 1), ({ max, bands }, pick, delta) => {
        const index = pick % bands.length;
        const field = pick % 2 === 0 ? 'min' : 'max';
        const moved = bands.map((b, i) => (i === index ? { ...b, [field]: b[field] + delta } : b));
        const issues = validateScoring(withBands(max, moved));
        return issues.length > 0 && issues.every((issue) => issue.path.startsWith('scoring.bands'));
      }),
    );
  });
});
