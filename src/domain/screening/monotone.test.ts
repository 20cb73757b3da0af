import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateEligibility, OUTCOME_RANK } from './evaluate';
import { MEDICATION_CATALOGUE } from './medications';
import { cleanInput } from './test-fixtures';
import { HISTORY_KEYS, type HistoryKey, PROTECTIVE_HISTORY_KEYS, type ScreeningInput } from './types';

/**
 * Property: reporting one more finding (a history item, pregnancy, breastfeeding, an interacting medicine,
 * a raised BP, or moving the plan from clinic to home) never makes the outcome more favourable, and never
 * removes a reason. Protective items (being on a mood stabiliser) are excluded by design.
 */
const RISK_KEYS = HISTORY_KEYS.filter((k) => !PROTECTIVE_HISTORY_KEYS.includes(k));
const MED_NAMES = MEDICATION_CATALOGUE.flatMap((c) => [...c.generics, ...c.brands]).concat(['sertraline']);

const historyValue = fc.constantFrom<boolean | undefined>(true, false, false, false, undefined);

const inputArb: fc.Arbitrary<ScreeningInput> = fc
  .record({
    history: fc.record(
      Object.fromEntries(HISTORY_KEYS.map((k) => [k, historyValue])) as Record<
        HistoryKey,
        fc.Arbitrary<boolean | undefined>
      >,
    ),
    pregnancyStatus: fc.constantFrom('pregnant', 'not_pregnant', 'not_applicable', 'unknown', undefined),
    breastfeeding: fc.constantFrom(true, false, undefined),
    medications: fc.option(fc.array(fc.constantFrom(...MED_NAMES), { maxLength: 3 }), { nil: undefined }),
    age: fc.option(fc.integer({ min: 12, max: 80 }), { nil: undefined }),
    setting: fc.constantFrom('in_clinic', 'at_home'),
    route: fc.constantFrom('iv', 'im', 'sublingual', 'oral', 'esketamine'),
    bp: fc.option(
      fc.record({ sbp: fc.integer({ min: 90, max: 200 }), dbp: fc.integer({ min: 50, max: 120 }) }),
      {
        nil: undefined,
      },
    ),
  })
  .map((r) => {
    const history = Object.fromEntries(Object.entries(r.history).filter(([, v]) => v !== undefined));
    return cleanInput({
      history,
      pregnancyStatus: r.pregnancyStatus,
      breastfeeding: r.breastfeeding,
      medications: r.medications?.map((name) => ({ name })),
      dateOfBirth: r.age === undefined ? undefined : `${2026 - r.age}-01-01`,
      evaluationDate: '2026-03-01',
      program: { setting: r.setting, route: r.route },
      latestBp: r.bp,
    });
  });

type Addition = (input: ScreeningInput) => ScreeningInput;

const additionArb: fc.Arbitrary<Addition> = fc.oneof(
  fc.constantFrom(...RISK_KEYS).map(
    (key): Addition =>
      (input) => ({ ...input, history: { ...input.history, [key]: true } }),
  ),
  fc.constant<Addition>((input) => ({ ...input, pregnancyStatus: 'pregnant' })),
  fc.constant<Addition>((input) => ({ ...input, breastfeeding: true })),
  fc.constant<Addition>((input) => ({ ...input, program: { ...input.program, setting: 'at_home' } })),
  fc.constant<Addition>((input) => ({ ...input, latestBp: { sbp: 170, dbp: 105 } })),
  fc.constantFrom(...MED_NAMES).map(
    (name): Addition =>
      (input) => ({ ...input, medications: [...(input.medications ?? []), { name }] }),
  ),
);

describe('monotonicity', () => {
  it('adding a finding never makes the outcome more favourable or removes a reason', () => {
    fc.assert(
      fc.property(inputArb, additionArb, (input, add) => {
        const before = evaluateEligibility(input);
        const after = evaluateEligibility(add(input));
        expect(OUTCOME_RANK[after.outcome]).toBeGreaterThanOrEqual(OUTCOME_RANK[before.outcome]);
        const afterIds = new Set(after.reasons.map((r) => r.ruleId));
        for (const reason of before.reasons) expect(afterIds.has(reason.ruleId)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
