import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTE_PARAMETERS, ROUTES } from '../exposure';
import {
  checkDoseOrder,
  DEFAULT_DOSE_LIMITS,
  DoseInputError,
  type DoseLimit,
  DoseLimitsSchema,
  normaliseDose,
  safeNormaliseDose,
} from './index';

describe('normaliseDose', () => {
  it('derives mg from mg/kg and F × mg from the exposure route table', () => {
    expect(normaliseDose({ route: 'iv', mgPerKg: 0.5, weightKg: 73.4 })).toEqual({
      route: 'iv',
      weightKg: 73.4,
      mg: 36.7,
      mgPerKg: 0.5,
      bioavailability: 1,
      bioavailableMg: 36.7,
    });
    const sl = normaliseDose({ route: 'sublingual', mg: 300, weightKg: 80 });
    expect(sl.mgPerKg).toBe(3.75);
    expect(sl.bioavailability).toBe(ROUTE_PARAMETERS.sublingual.bioavailability);
    expect(sl.bioavailableMg).toBe(90);
    expect(normaliseDose({ route: 'intranasal', mg: 84, weightKg: 70 }).bioavailableMg).toBe(40.32);
  });

  it('uses the same F as the exposure module for every route (single source)', () => {
    for (const route of ROUTES) {
      expect(normaliseDose({ route, mg: 100, weightKg: 70 }).bioavailability).toBe(
        ROUTE_PARAMETERS[route].bioavailability,
      );
    }
  });

  it('rejects a dose given both ways, neither way, or an implausible weight, naming the field', () => {
    const fields = (input: Parameters<typeof safeNormaliseDose>[0]) => {
      const r = safeNormaliseDose(input);
      return r.ok ? [] : r.issues.map((i) => i.field).sort();
    };
    expect(fields({ route: 'im', weightKg: 70 })).toEqual(['mg', 'mgPerKg']);
    expect(fields({ route: 'im', mg: 35, mgPerKg: 0.5, weightKg: 70 })).toEqual(['mg', 'mgPerKg']);
    expect(fields({ route: 'im', mg: 35, weightKg: 12 })).toEqual(['weightKg']);
    expect(fields({ route: 'im', mg: -5, weightKg: 70 })).toEqual(['mg']);
    // Sanity ceilings also apply to the derived value.
    expect(fields({ route: 'oral', mg: 1000, weightKg: 50 })).toEqual(['mg']);
    expect(fields({ route: 'oral', mgPerKg: 8, weightKg: 200 })).toEqual(['mgPerKg']);
    expect(() => normaliseDose({ route: 'im', weightKg: 70 })).toThrow(DoseInputError);
  });

  it('takes the 1,500 mg ceiling written as mg/kg (found by the property below: 1500 mg at 150.708… kg)', () => {
    const a = normaliseDose({ route: 'iv', mg: 1500, weightKg: 150.70843514106764 });
    const b = normaliseDose({ route: 'iv', mgPerKg: a.mgPerKg, weightKg: 150.70843514106764 });
    expect(b.mg).toBeCloseTo(1500, 2);
    expect(() => normaliseDose({ route: 'iv', mgPerKg: 10, weightKg: 150.1 })).toThrow(/more than 1500 mg/);
  });

  it('round-trips mg → mg/kg → mg to the microgram (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROUTES),
        fc.integer({ min: 1, max: 1_500_000 }),
        fc.double({ min: 20, max: 300, noNaN: true }),
        (route, ug, weightKg) => {
          const mg = ug / 1000;
          fc.pre(mg / weightKg <= 10);
          const a = normaliseDose({ route, mg, weightKg });
          expect(a.mg).toBe(mg);
          expect(a.bioavailableMg).toBeLessThanOrEqual(a.mg);
          const b = normaliseDose({ route, mgPerKg: a.mgPerKg, weightKg });
          expect(Math.abs(b.mg - a.mg)).toBeLessThanOrEqual(0.001 + 1e-6 * weightKg);
        },
      ),
    );
  });
});

describe('DEFAULT_DOSE_LIMITS', () => {
  it('is valid settings data, every limit has a source, and ids are unique', () => {
    expect(DoseLimitsSchema.safeParse(DEFAULT_DOSE_LIMITS).success).toBe(true);
    expect(new Set(DEFAULT_DOSE_LIMITS.map((l) => l.id)).size).toBe(DEFAULT_DOSE_LIMITS.length);
    for (const limit of DEFAULT_DOSE_LIMITS) expect(limit.source.length).toBeGreaterThan(5);
    const policy = DEFAULT_DOSE_LIMITS.filter((l) => l.clinicPolicy).map((l) => l.id);
    expect(policy).toEqual(expect.arrayContaining(['im-hard-max', 'iv-infusion-time']));
  });

  it('covers every route', () => {
    for (const route of ROUTES) expect(DEFAULT_DOSE_LIMITS.some((l) => l.route === route)).toBe(true);
  });
});

describe('checkDoseOrder', () => {
  it('passes the standard IV protocol: 0.5 mg/kg over 40 minutes', () => {
    const r = checkDoseOrder({ route: 'iv', mgPerKg: 0.5, weightKg: 70, infusionMinutes: 40 });
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(r.dose.mg).toBe(35);
  });

  it('blocks an IV dose above 1.0 mg/kg and names the limit and its source', () => {
    const r = checkDoseOrder({ route: 'iv', mg: 90, weightKg: 70, infusionMinutes: 40 });
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ limitId: 'iv-max', level: 'error', clinicPolicy: false });
    expect(r.errors[0]?.message).toMatch(/IV maximum dose: 1\.286 mg\/kg is above 1 mg\/kg/);
    expect(r.errors[0]?.message).toContain('Andrade 2017');
  });

  it('warns on a short or missing IV infusion time and says it is clinic policy', () => {
    const fast = checkDoseOrder({ route: 'iv', mgPerKg: 0.5, weightKg: 70, infusionMinutes: 20 });
    expect(fast.ok).toBe(true);
    expect(fast.warnings.map((w) => w.limitId)).toEqual(['iv-infusion-time']);
    expect(fast.warnings[0]?.message).toContain('clinic policy');
    const bolus = checkDoseOrder({ route: 'iv', mgPerKg: 0.5, weightKg: 70 });
    expect(bolus.warnings[0]?.message).toMatch(/bolus/);
  });

  it('IM: warns outside the typical 0.5–1.0 mg/kg and blocks above the hard maximum', () => {
    expect(checkDoseOrder({ route: 'im', mgPerKg: 0.75, weightKg: 70 }).warnings).toEqual([]);
    expect(checkDoseOrder({ route: 'im', mgPerKg: 0.3, weightKg: 70 }).warnings[0]?.limitId).toBe(
      'im-typical-min',
    );
    const high = checkDoseOrder({ route: 'im', mgPerKg: 1.2, weightKg: 70 });
    expect(high).toMatchObject({ ok: true, warnings: [{ limitId: 'im-typical-max' }] });
    const over = checkDoseOrder({ route: 'im', mgPerKg: 2, weightKg: 70 });
    expect(over.ok).toBe(false);
    expect(over.errors[0]).toMatchObject({ limitId: 'im-hard-max', clinicPolicy: true });
  });

  it('sublingual: 10–450 mg', () => {
    expect(checkDoseOrder({ route: 'sublingual', mg: 200, weightKg: 60 })).toMatchObject({
      ok: true,
      warnings: [],
    });
    expect(checkDoseOrder({ route: 'sublingual', mg: 5, weightKg: 60 }).warnings[0]?.limitId).toBe(
      'sublingual-min',
    );
    expect(checkDoseOrder({ route: 'sublingual', mg: 500, weightKg: 60 }).errors[0]?.limitId).toBe(
      'sublingual-max',
    );
  });

  it('oral: 0.25–7 mg/kg', () => {
    expect(checkDoseOrder({ route: 'oral', mgPerKg: 3, weightKg: 60 }).ok).toBe(true);
    expect(checkDoseOrder({ route: 'oral', mgPerKg: 8, weightKg: 60 }).errors[0]?.limitId).toBe('oral-max');
  });

  it('esketamine: only 56 or 84 mg, and 56 mg on the first day', () => {
    expect(checkDoseOrder({ route: 'intranasal', mg: 56, weightKg: 70, firstEsketamineDose: true }).ok).toBe(
      true,
    );
    expect(checkDoseOrder({ route: 'intranasal', mg: 84, weightKg: 70 })).toMatchObject({
      ok: true,
      warnings: [],
    });
    const odd = checkDoseOrder({ route: 'intranasal', mg: 70, weightKg: 70 });
    expect(odd.errors[0]).toMatchObject({ limitId: 'esketamine-allowed' });
    expect(odd.errors[0]?.message).toContain('Spravato');
    const day1 = checkDoseOrder({ route: 'intranasal', mg: 84, weightKg: 70, firstEsketamineDose: true });
    expect(day1.warnings.map((w) => w.limitId)).toEqual(['esketamine-day-1']);
  });

  it('uses the clinic limits it is given instead of the defaults', () => {
    const strict: DoseLimit[] = [
      {
        id: 'house-iv',
        route: 'iv',
        kind: 'maxMgPerKg',
        value: 0.75,
        level: 'error',
        label: 'House IV ceiling',
        source: 'Medical director memo 2026-01',
        clinicPolicy: true,
      },
    ];
    const r = checkDoseOrder({ route: 'iv', mgPerKg: 0.8, weightKg: 70, infusionMinutes: 40 }, strict);
    expect(r.errors.map((e) => e.limitId)).toEqual(['house-iv']);
  });

  it('rejects an infusion time on a non-IV route', () => {
    expect(() => checkDoseOrder({ route: 'im', mgPerKg: 0.5, weightKg: 70, infusionMinutes: 10 })).toThrow(
      DoseInputError,
    );
  });
});
