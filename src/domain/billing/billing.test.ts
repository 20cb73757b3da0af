import { describe, expect, it } from 'vitest';
import {
  BILLING_CODES,
  checkLine,
  checkPayment,
  codeValidOn,
  emCodeByTime,
  esketamineVisitCode,
  formatCents,
  infusionCodes,
  type LineInput,
  proposeCharges,
  psychotherapyCode,
  standingLines,
  type VisitFacts,
} from './index';

const facts = (over: Partial<VisitFacts>): VisitFacts => ({
  category: 'dosing',
  route: 'im',
  serviceDate: '2026-12-04',
  modality: 'in_person',
  bookedMinutes: 120,
  newPatient: false,
  doseMg: 50,
  infusionMinutes: null,
  monitoringMinutes: 90,
  psychotherapyMinutes: null,
  clinicSuppliedDrug: true,
  diagnosisCodes: ['F33.2'],
  ...over,
});
const codes = (f: Partial<VisitFacts>) => proposeCharges(facts(f)).lines.map((l) => `${l.code}×${l.units}`);

describe('time rules at their edges', () => {
  it('infusion: 15 min is a push; 59 and 61 min are the first hour alone; 91 min adds an hour (CPT > 30 min past)', () => {
    expect(infusionCodes(15)).toEqual([{ code: '96374', units: 1 }]);
    expect(infusionCodes(16)).toEqual([{ code: '96365', units: 1 }]);
    expect(infusionCodes(59)).toEqual([{ code: '96365', units: 1 }]);
    expect(infusionCodes(61)).toEqual([{ code: '96365', units: 1 }]);
    expect(infusionCodes(90)).toEqual([{ code: '96365', units: 1 }]);
    expect(infusionCodes(91)).toEqual([
      { code: '96365', units: 1 },
      { code: '96366', units: 1 },
    ]);
    expect(infusionCodes(150)).toEqual([
      { code: '96365', units: 1 },
      { code: '96366', units: 1 },
    ]);
    expect(infusionCodes(151)?.[1]).toEqual({ code: '96366', units: 2 });
    expect(infusionCodes(0)).toEqual([]);
  });

  it('psychotherapy by CPT mid-points: 15 none, 16 → 30-min code, 37/38, 52/53', () => {
    expect(psychotherapyCode(15, false)).toBeNull();
    expect(psychotherapyCode(16, false)).toBe('90832');
    expect(psychotherapyCode(37, false)).toBe('90832');
    expect(psychotherapyCode(38, false)).toBe('90834');
    expect(psychotherapyCode(52, false)).toBe('90834');
    expect(psychotherapyCode(53, false)).toBe('90837');
    expect(psychotherapyCode(16, true)).toBe('90833');
    expect(psychotherapyCode(38, true)).toBe('90836');
    expect(psychotherapyCode(53, true)).toBe('90838');
  });

  it('esketamine: 56 mg is G2082, 84 mg G2083', () => {
    expect(esketamineVisitCode(56)).toBe('G2082');
    expect(esketamineVisitCode(56.5)).toBe('G2083');
    expect(esketamineVisitCode(84)).toBe('G2083');
  });

  it('E/M by total time: established 19 → none… 20 → 99213, 40 → 99215; new 44 → 99203, 45 → 99204', () => {
    expect(emCodeByTime(9, false)).toBeNull();
    expect(emCodeByTime(10, false)).toBe('99212');
    expect(emCodeByTime(19, false)).toBe('99212');
    expect(emCodeByTime(20, false)).toBe('99213');
    expect(emCodeByTime(40, false)).toBe('99215');
    expect(emCodeByTime(44, true)).toBe('99203');
    expect(emCodeByTime(45, true)).toBe('99204');
    expect(emCodeByTime(90, true)).toBe('99205');
  });
});

describe('proposal per visit type and route', () => {
  it('IM dosing: E/M-25, injection, ketamine with mg for the NDC, pointers to the diagnoses', () => {
    const p = proposeCharges(facts({ diagnosisCodes: ['F33.2', 'F41.1'] }));
    expect(p.lines.map((l) => [l.code, l.modifiers.join()])).toEqual([
      ['99213', '25'],
      ['96372', ''],
      ['J3490', ''],
    ]);
    expect(p.lines[2]).toMatchObject({ ndcQuantity: 50, ndcUnit: 'ME' });
    expect(p.lines.every((l) => l.diagnosisPointers.join() === '1,2')).toBe(true);
    expect(p.placeOfService).toBe('11');
  });

  it('IM with a therapist present 53 min adds 90838; 15 min adds nothing', () => {
    expect(codes({ psychotherapyMinutes: 53 })).toContain('90838×1');
    expect(codes({ psychotherapyMinutes: 15 })).toEqual(['99213×1', '96372×1', 'J3490×1']);
  });

  it('IV: 59 vs 61 vs 91 min of infusion', () => {
    expect(codes({ route: 'iv', infusionMinutes: 59 })).toEqual(['99213×1', '96365×1', 'J3490×1']);
    expect(codes({ route: 'iv', infusionMinutes: 61 })).toEqual(['99213×1', '96365×1', 'J3490×1']);
    expect(codes({ route: 'iv', infusionMinutes: 91 })).toEqual(['99213×1', '96365×1', '96366×1', 'J3490×1']);
    const none = proposeCharges(facts({ route: 'iv', infusionMinutes: null }));
    expect(none.notes.join()).toMatch(/No infusion start and stop/);
  });

  it('esketamine 56 vs 84 mg, no E/M that date; J0013 per mg only when the clinic supplies it', () => {
    expect(codes({ route: 'esketamine', doseMg: 56 })).toEqual(['G2082×1', 'J0013×56']);
    expect(codes({ route: 'esketamine', doseMg: 84 })).toEqual(['G2083×1', 'J0013×84']);
    const pharmacy = proposeCharges(facts({ route: 'esketamine', doseMg: 84, clinicSuppliedDrug: false }));
    expect(pharmacy.lines.map((l) => l.code)).toEqual(['G2083']);
    expect(pharmacy.notes.join()).toMatch(/pharmacy/);
    // Before 2026 the drug was S0013.
    expect(codes({ route: 'esketamine', doseMg: 56, serviceDate: '2025-12-31' })).toEqual([
      'G2082×1',
      'S0013×56',
    ]);
    expect(codes({ route: 'esketamine', doseMg: 56, psychotherapyMinutes: 60 })).not.toContain('99213×1');
  });

  it('therapy visits by minutes (therapist), E/M visits by booked time, telehealth at home is POS 10', () => {
    const prep = proposeCharges(
      facts({ category: 'preparation', route: null, bookedMinutes: 50, modality: 'video' }),
    );
    expect(prep.lines.map((l) => [l.code, l.renderedBy])).toEqual([['90834', 'therapist']]);
    expect(prep.placeOfService).toBe('10');
    expect(codes({ category: 'consultation', route: null, bookedMinutes: 60, newPatient: true })).toEqual([
      '99205×1',
    ]);
    expect(codes({ category: 'follow_up', route: null, bookedMinutes: 30 })).toEqual(['99214×1']);
  });

  it('at home and unknown visit kinds propose nothing and say why; no diagnosis is noted', () => {
    const home = proposeCharges(facts({ category: 'at_home', route: 'sublingual' }));
    expect(home.lines).toEqual([]);
    expect(home.placeOfService).toBe('10');
    expect(proposeCharges(facts({ category: 'other', route: null })).notes.join()).toMatch(/No billing rule/);
    const noDx = proposeCharges(facts({ diagnosisCodes: [] }));
    expect(noDx.notes.join()).toMatch(/no diagnosis/);
    expect(noDx.lines[0]?.diagnosisPointers).toEqual([]);
  });
});

describe('validation names the field', () => {
  const known = new Set(['99213', '96372', 'J3490', 'J0013']);
  const good: LineInput = {
    code: '96372',
    modifiers: [],
    units: 1,
    unitPriceCents: 4000,
    diagnosisCodes: ['F33.2'],
    diagnosisPointers: [1],
    placeOfService: '11',
  };
  const fields = (over: Partial<LineInput>, final = false) =>
    checkLine({ ...good, ...over }, known, final).map((p) => p.field);

  it('accepts a good line', () => expect(fields({})).toEqual([]));
  it('unknown code, negative price, units out of range, dangling pointer', () => {
    expect(fields({ code: '99999' })).toEqual(['code']);
    expect(fields({ code: 'nonsense' })).toEqual(['code']);
    expect(fields({ unitPriceCents: -1 })).toEqual(['unitPriceCents']);
    expect(fields({ units: 0 })).toEqual(['units']);
    expect(fields({ units: 5 })).toEqual(['units']); // 96372 at most 4 a day here
    expect(fields({ code: 'J0013', units: 112 })).toEqual([]);
    expect(fields({ code: 'J0013', units: 113 })).toEqual(['units']);
    expect(fields({ diagnosisPointers: [2] })).toEqual(['diagnosisPointers']);
    expect(fields({ diagnosisPointers: [1, 1] })).toEqual(['diagnosisPointers']);
    expect(fields({ diagnosisPointers: [] }, true)).toEqual(['diagnosisPointers']);
    expect(fields({ diagnosisCodes: ['depression'] })).toContain('diagnosisCodes');
    expect(fields({ modifiers: ['2'] })).toEqual(['modifiers']);
    expect(fields({ placeOfService: '99' })).toEqual(['placeOfService']);
    expect(fields({ ndc: '1234' })).toEqual(['ndc']);
  });
  it('payments beyond the balance are refused', () => {
    expect(checkPayment(5000, 5000)).toEqual([]);
    expect(checkPayment(5001, 5000)[0]?.field).toBe('amountCents');
    expect(checkPayment(0, 5000)[0]?.field).toBe('amountCents');
    expect(formatCents(123450)).toBe('$1,234.50');
    expect(formatCents(-5)).toBe('−$0.05');
  });
});

describe('codes and lines', () => {
  it('every shipped code carries a source and valid dates; J0013 replaced S0013 on 1 Jan 2026', () => {
    for (const c of BILLING_CODES) {
      expect(c.source.length).toBeGreaterThan(5);
      expect(c.examplePriceCents).toBeGreaterThanOrEqual(0);
    }
    const j = BILLING_CODES.find((c) => c.code === 'J0013');
    const s = BILLING_CODES.find((c) => c.code === 'S0013');
    expect(j && codeValidOn(j, '2025-12-31')).toBe(false);
    expect(j && codeValidOn(j, '2026-01-01')).toBe(true);
    expect(s && codeValidOn(s, '2026-01-01')).toBe(false);
  });
  it('a reversed line and its reversal do not stand', () => {
    const lines = [
      { id: 'a', state: 'final', amount_cents: 100, reverses_id: null },
      { id: 'b', state: 'final', amount_cents: -100, reverses_id: 'a' },
      { id: 'c', state: 'final', amount_cents: 50, reverses_id: null },
      { id: 'd', state: 'proposed', amount_cents: 50, reverses_id: null },
    ];
    expect(standingLines(lines).map((l) => l.id)).toEqual(['c']);
  });
});
