import { describe, expect, it } from 'vitest';
import { DEFAULT_HOME_CHECK_IN_RULES } from '../vitals/rules';
import { type CheckInFacts, evaluateCheckIn, type HomeReading, SAFETY_QUESTIONS } from './checkin';

const T0 = '2027-01-12T18:00:00.000Z';
const allYes = Object.fromEntries(SAFETY_QUESTIONS.map((q) => [q.id, true]));
const reading = (sbp: number, dbp: number, hr: number, at = T0): HomeReading => ({ sbp, dbp, hr, at });
const clean = (over: Partial<CheckInFacts> = {}): CheckInFacts => ({
  mood: 6,
  intention: 'To meet what comes with curiosity',
  answers: allYes,
  readings: [reading(128, 82, 72)],
  sitterConfirmedAt: T0,
  orderSigned: true,
  openUrgentSafetyTask: false,
  ...over,
});
const rules = DEFAULT_HOME_CHECK_IN_RULES;
const byRules = { goBy: 'rules' } as const;

describe('at-home check-in decision', () => {
  it('a clean, complete check-in is a go when the clinic lets its rules decide', () => {
    expect(evaluateCheckIn(clean(), rules, byRules).outcome).toBe('go');
  });

  it('a clean check-in waits for a clinician when the program says so', () => {
    const d = evaluateCheckIn(clean(), rules, { goBy: 'clinician' });
    expect(d.outcome).toBe('awaiting_go');
    expect(d.alertCareTeam).toBe(false);
  });

  it('names each step still missing', () => {
    const d = evaluateCheckIn(
      clean({ mood: null, answers: {}, readings: [], sitterConfirmedAt: null }),
      rules,
      byRules,
    );
    expect(d.outcome).toBe('incomplete');
    expect(d.missing).toEqual(['mood', 'safety', 'reading', 'sitter']);
  });

  it('an intention of only spaces is not an intention', () => {
    expect(evaluateCheckIn(clean({ intention: '   ' }), rules, byRules).missing).toEqual(['mood']);
  });

  it.each([
    // SBP > 140, DBP > 90, pulse > 110 hold (DOMAIN §9): the threshold itself passes, one above holds.
    [140, 90, 110, 'go'],
    [141, 80, 70, 'recheck'],
    [130, 91, 70, 'recheck'],
    [130, 80, 111, 'recheck'],
  ])('reading %i/%i pulse %i at the threshold edge → %s', (sbp, dbp, hr, outcome) => {
    expect(evaluateCheckIn(clean({ readings: [reading(sbp, dbp, hr)] }), rules, byRules).outcome).toBe(
      outcome,
    );
  });

  it('a high first reading asks for a re-check after the rule’s 5 minutes, without alerting yet', () => {
    const d = evaluateCheckIn(clean({ readings: [reading(152, 88, 80)] }), rules, byRules);
    expect(d.outcome).toBe('recheck');
    expect(d.recheckAt).toBe('2027-01-12T18:05:00.000Z');
    expect(d.alertCareTeam).toBe(false);
    expect(d.reasons[0]).toMatch(/Systolic BP 152 mmHg is above the at-home check-in hold threshold/);
  });

  it('a re-check back in range proceeds; one still high holds and alerts the care team', () => {
    const first = reading(152, 88, 80);
    const ok = evaluateCheckIn(
      clean({ readings: [first, reading(136, 86, 78, '2027-01-12T18:06:00.000Z')] }),
      rules,
      byRules,
    );
    expect(ok.outcome).toBe('go');
    const still = evaluateCheckIn(
      clean({ readings: [first, reading(149, 92, 78, '2027-01-12T18:06:00.000Z')] }),
      rules,
      byRules,
    );
    expect(still.outcome).toBe('hold');
    expect(still.alertCareTeam).toBe(true);
    expect(still.fired.map((f) => f.vital)).toEqual(['sbp', 'dbp']);
  });

  it('a "no" to any safety question holds with what to do', () => {
    for (const q of SAFETY_QUESTIONS) {
      const d = evaluateCheckIn(clean({ answers: { ...allYes, [q.id]: false } }), rules, byRules);
      expect(d.outcome).toBe('hold');
      expect(d.reasons).toContain(q.ifNo);
      expect(d.alertCareTeam).toBe(true);
    }
  });

  it('an open urgent safety task is never a go, even with a perfect check-in', () => {
    const d = evaluateCheckIn(clean({ openUrgentSafetyTask: true }), rules, byRules);
    expect(d.outcome).toBe('hold');
    expect(d.reasons[0]).toMatch(/urgent safety task/);
  });

  it('no go before the prescriber signs the order', () => {
    const d = evaluateCheckIn(clean({ orderSigned: false }), rules, byRules);
    expect(d.outcome).toBe('awaiting_go');
    expect(d.reasons.at(-1)).toMatch(/not signed the order/);
  });

  it('uses the clinic’s own limits (a looser home gate: BP 160/90, pulse 100)', () => {
    const looser = rules.map((r) =>
      r.vital === 'sbp' ? { ...r, value: 160 } : r.vital === 'hr' ? { ...r, value: 100 } : r,
    );
    expect(evaluateCheckIn(clean({ readings: [reading(155, 85, 95)] }), looser, byRules).outcome).toBe('go');
    expect(evaluateCheckIn(clean({ readings: [reading(155, 85, 105)] }), looser, byRules).outcome).toBe(
      'recheck',
    );
  });
});
