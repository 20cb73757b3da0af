import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExposureInputError,
  ExposureInputSchema,
  PK_MODEL_IDS,
  PK_MODELS,
  ROUTE_PARAMETERS,
  ROUTES,
  type Route,
  routeBioavailability,
  safeSimulateExposure,
  simulateAmounts,
  simulateExposure,
} from './index';

// ---------------------------------------------------------------------------------------------------------
// Closed-form references, derived independently of the matrix-exponential solver.
// ---------------------------------------------------------------------------------------------------------

/** Clements bolus: C(t) = A·e^(−αt) + B·e^(−βt); α, β are the roots of λ² − (k10+k12+k21)λ + k10·k21 = 0. */
function clementsBolus(doseMg: number, weightKg: number, t: number): number {
  const { k10, k12, k21, v1LPerKg } = PK_MODELS.clements;
  const sum = k10 + k12 + k21;
  const disc = Math.sqrt(sum * sum - 4 * k10 * k21);
  const alpha = (sum + disc) / 2;
  const beta = (sum - disc) / 2;
  const c0 = doseMg / (v1LPerKg * weightKg);
  const a = (c0 * (alpha - k21)) / (alpha - beta);
  const b = (c0 * (k21 - beta)) / (alpha - beta);
  return a * Math.exp(-alpha * t) + b * Math.exp(-beta * t);
}

/**
 * Three-compartment unit-bolus coefficients: the rates λ are the roots of the cubic
 * λ³ − a2·λ² + a1·λ − a0 = 0 (solved by the trigonometric method), and the coefficient of e^(−λi·t) is
 * (k21 − λi)(k31 − λi) / ((λj − λi)(λk − λi)).
 */
function triExponential(m: typeof PK_MODELS.domino): Array<{ rate: number; coefficient: number }> {
  const { k10, k12, k13, k21, k31 } = m;
  const a2 = k10 + k12 + k13 + k21 + k31;
  const a1 = k10 * k21 + k10 * k31 + k12 * k31 + k13 * k21 + k21 * k31;
  const a0 = k10 * k21 * k31;
  // x³ + a·x² + b·x + c with a = −a2, b = a1, c = −a0
  const a = -a2;
  const b = a1;
  const c = -a0;
  const p = b - (a * a) / 3;
  const q = (2 * a ** 3) / 27 - (a * b) / 3 + c;
  const r = 2 * Math.sqrt(-p / 3);
  const phi = Math.acos(((3 * q) / (2 * p)) * Math.sqrt(-3 / p)) / 3;
  const roots = [0, 1, 2].map((k) => r * Math.cos(phi - (2 * Math.PI * k) / 3) - a / 3);
  return roots.map((li, i) => {
    const others = roots.filter((_, j) => j !== i);
    const denominator = others.reduce((prod, lj) => prod * (lj - li), 1);
    return { rate: li, coefficient: ((k21 - li) * (k31 - li)) / denominator };
  });
}

function closeTo(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-12));
}

function concentrationAt(points: Array<{ minute: number; mgPerL: number }>, minute: number): number {
  const point = points.find((p) => p.minute === minute);
  if (!point) throw new Error(`no point at ${minute} min`);
  return point.mgPerL;
}

describe('parameters', () => {
  it('converts the published per-hour absorption rates to per minute', () => {
    expect(ROUTE_PARAMETERS.im.kaPerMin).toBeCloseTo(16.7 / 60, 12);
    expect(ROUTE_PARAMETERS.intranasal.kaPerMin).toBeCloseTo(6.6 / 60, 12);
    expect(ROUTE_PARAMETERS.sublingual.kaPerMin).toBeCloseTo(3.75 / 60, 12);
    expect(ROUTE_PARAMETERS.oral.kaPerMin).toBeCloseTo(2.5 / 60, 12);
    expect(ROUTE_PARAMETERS.iv.kaPerMin).toBeNull();
  });

  it('carries a source for every model and route', () => {
    for (const id of PK_MODEL_IDS) expect(PK_MODELS[id].source.length).toBeGreaterThan(10);
    for (const route of ROUTES) expect(ROUTE_PARAMETERS[route].source.length).toBeGreaterThan(10);
    expect(routeBioavailability('im')).toBe(0.93);
  });
});

describe('IV bolus against closed-form solutions', () => {
  const times = [0, 1, 2, 5, 10, 30, 60, 120, 240];

  it('Clements: C(0) = dose/V1 and the bi-exponential at set times', () => {
    const result = simulateExposure({ route: 'iv', doseMg: 35, weightKg: 70, model: 'clements' });
    expect(concentrationAt(result.points, 0)).toBeCloseTo(35 / (1.7522 * 70), 12);
    for (const t of times) closeTo(concentrationAt(result.points, t), clementsBolus(35, 70, t));
  });

  it('Domino: C(0) = dose/V1 and the tri-exponential at set times', () => {
    const dose = 50;
    const weight = 80;
    const v1 = 0.063 * weight;
    const terms = triExponential(PK_MODELS.domino);
    // The coefficients of a unit bolus sum to 1 at t = 0.
    closeTo(
      terms.reduce((s, term) => s + term.coefficient, 0),
      1,
      1e-12,
    );
    const result = simulateExposure({ route: 'iv', doseMg: dose, weightKg: weight, model: 'domino' });
    expect(concentrationAt(result.points, 0)).toBeCloseTo(dose / v1, 10);
    for (const t of times) {
      const expected = (dose / v1) * terms.reduce((s, x) => s + x.coefficient * Math.exp(-x.rate * t), 0);
      closeTo(concentrationAt(result.points, t), expected, 1e-8);
    }
    expect(result.peak).toEqual({ minute: 0, mgPerL: dose / v1 });
  });
});

describe('IV infusion', () => {
  it('Clements 40-minute infusion matches the closed form during and after the infusion', () => {
    const dose = 35;
    const weight = 70;
    const T = 40;
    const rate = dose / T;
    const result = simulateExposure({
      route: 'iv',
      doseMg: dose,
      weightKg: weight,
      infusionMinutes: T,
      model: 'clements',
    });
    // Superposition of bolus responses: integrate the unit response analytically per exponential.
    const unit = (t: number) => clementsBolus(1, weight, t); // concentration per mg, bi-exponential
    const { k10, k12, k21 } = PK_MODELS.clements;
    const sum = k10 + k12 + k21;
    const disc = Math.sqrt(sum * sum - 4 * k10 * k21);
    const alpha = (sum + disc) / 2;
    const beta = (sum - disc) / 2;
    const v1 = 1.7522 * weight;
    const terms = [
      { lambda: alpha, c: (alpha - k21) / (alpha - beta) / v1 },
      { lambda: beta, c: (k21 - beta) / (alpha - beta) / v1 },
    ];
    expect(terms.reduce((s, x) => s + x.c, 0)).toBeCloseTo(unit(0), 12);
    const expected = (t: number) =>
      terms.reduce(
        (s, { lambda, c }) =>
          t <= T
            ? s + ((rate * c) / lambda) * (1 - Math.exp(-lambda * t))
            : s + ((rate * c) / lambda) * (1 - Math.exp(-lambda * T)) * Math.exp(-lambda * (t - T)),
        0,
      );
    for (const t of [0, 10, 20, 39, 40, 41, 60, 120, 240])
      closeTo(concentrationAt(result.points, t), expected(t), 1e-8);
  });

  it.each(PK_MODEL_IDS)('%s: the peak is at the end of the infusion, also off the minute grid', (model) => {
    for (const infusionMinutes of [40, 52.5]) {
      const result = simulateExposure({ route: 'iv', doseMg: 40, weightKg: 80, infusionMinutes, model });
      expect(result.peak.minute).toBe(infusionMinutes);
      expect(result.points.some((p) => p.minute === infusionMinutes)).toBe(true);
      expect(result.absorbedMg).toBe(40);
    }
  });
});

describe('mass balance', () => {
  it.each(ROUTES.flatMap((route) => PK_MODEL_IDS.map((model) => [route, model] as const)))(
    '%s / %s: depot + body + eliminated equals what has entered',
    (route, model) => {
      const dose = 100;
      const F = ROUTE_PARAMETERS[route].bioavailability;
      const ka = ROUTE_PARAMETERS[route].kaPerMin ?? 0;
      const T = 40;
      const input =
        route === 'iv'
          ? { depotMg: 0, centralBolusMg: 0, infusion: { rateMgPerMin: dose / T, endMin: T } }
          : { depotMg: F * dose, centralBolusMg: 0 };
      const minutes = [0, 0.5, 1, 7, 39.9, 40, 40.1, 90, 240, 600];
      for (const a of simulateAmounts(PK_MODELS[model], ka, input, minutes)) {
        const total = a.depotMg + a.centralMg + a.peripheral1Mg + a.peripheral2Mg + a.eliminatedMg;
        const entered = route === 'iv' ? (dose / T) * Math.min(a.minute, T) : F * dose;
        expect(Math.abs(total - entered)).toBeLessThan(1e-9 * dose);
      }
    },
  );
});

describe('non-IV time of peak', () => {
  const windows: Record<Exclude<Route, 'iv'>, [number, number]> = {
    im: [5, 20],
    intranasal: [20, 40],
    sublingual: [30, 60],
    oral: [45, 90],
  };
  const peakMinute = (route: Route, model: 'clements' | 'kamp' | 'domino') =>
    simulateExposure({ route, doseMg: 56, weightKg: 70, model, stepMin: 0.5 }).peak.minute;

  it('Clements: IM peaks within 5–20 min', () => {
    const t = peakMinute('im', 'clements');
    expect(t).toBeGreaterThanOrEqual(5);
    expect(t).toBeLessThanOrEqual(20);
  });

  // The DOMAIN ka values were fitted to a one-compartment summary (Kamp 2020). In the two-compartment
  // Clements model the early decline is faster, so slower routes peak earlier than observed. This test
  // pins that known gap (and the caveat text that discloses it) so a change to ka or the model is noticed.
  it('Clements: slower routes peak in order but earlier than observed; the caveat says so', () => {
    const im = peakMinute('im', 'clements');
    const nasal = peakMinute('intranasal', 'clements');
    const sublingual = peakMinute('sublingual', 'clements');
    const oral = peakMinute('oral', 'clements');
    expect(im).toBeLessThan(nasal);
    expect(nasal).toBeLessThan(sublingual);
    expect(sublingual).toBeLessThan(oral);
    expect([nasal, sublingual, oral]).toEqual([
      expect.closeTo(17, 0),
      expect.closeTo(24.5, 0),
      expect.closeTo(31.5, 0),
    ]);
    const result = simulateExposure({ route: 'oral', doseMg: 300, weightKg: 70, model: 'clements' });
    expect(result.caveat).toMatch(/outside the observed Tmax/);
  });

  it.each(Object.entries(windows))(
    'Kamp one-compartment: %s peaks within the observed window',
    (route, [lo, hi]) => {
      const t = peakMinute(route as Route, 'kamp');
      expect(t).toBeGreaterThanOrEqual(lo);
      expect(t).toBeLessThanOrEqual(hi);
    },
  );

  it('absorbed amount is F × dose', () => {
    const result = simulateExposure({ route: 'sublingual', doseMg: 200, weightKg: 70, model: 'clements' });
    expect(result.bioavailability).toBe(0.3);
    expect(result.absorbedMg).toBeCloseTo(60, 12);
  });
});

describe('linearity and invariants', () => {
  it.each(ROUTES)('%s: doubling the dose doubles every concentration', (route) => {
    const extra = route === 'iv' ? { infusionMinutes: 40 } : {};
    const one = simulateExposure({ route, doseMg: 50, weightKg: 70, model: 'clements', ...extra });
    const two = simulateExposure({ route, doseMg: 100, weightKg: 70, model: 'clements', ...extra });
    one.points.forEach((p, i) => {
      closeTo(two.points[i]?.mgPerL ?? Number.NaN, 2 * p.mgPerL, 1e-10);
    });
  });

  it('concentrations are never negative and always finite (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...PK_MODEL_IDS),
        fc.double({ min: 0.1, max: 1500, noNaN: true }),
        fc.double({ min: 20, max: 300, noNaN: true }),
        fc.option(fc.double({ min: 1, max: 240, noNaN: true }), { nil: undefined }),
        fc.constantFrom(0.5, 1, 5),
        (route, model, doseMg, weightKg, infusion, stepMin) => {
          const result = simulateExposure({
            route,
            model,
            doseMg,
            weightKg,
            infusionMinutes: route === 'iv' ? infusion : undefined,
            stepMin,
            durationMin: 300,
          });
          for (const p of result.points) {
            expect(p.mgPerL).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(p.mgPerL)).toBe(true);
          }
          expect(result.peak.mgPerL).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000); // a property run: seconds on a loaded machine

  it('labels the result as an estimate and lists its sources', () => {
    const result = simulateExposure({ route: 'intranasal', doseMg: 56, weightKg: 70, model: 'clements' });
    expect(result.caveat).toMatch(/not a dosing tool/);
    expect(result.caveat).toMatch(/Esketamine/);
    expect(result.sources).toContain(PK_MODELS.clements.source);
    expect(result.sources).toContain(ROUTE_PARAMETERS.intranasal.source);
    expect(result.points).toHaveLength(241);
  });
});

describe('input validation', () => {
  const fields = (input: Parameters<typeof safeSimulateExposure>[0]) => {
    const result = safeSimulateExposure(input);
    return result.ok ? [] : result.issues.map((i) => i.field);
  };

  it('names the offending fields', () => {
    expect(fields({ route: 'iv', doseMg: 0, weightKg: 70, model: 'clements' })).toEqual(['doseMg']);
    expect(fields({ route: 'iv', doseMg: 5000, weightKg: 70, model: 'clements' })).toEqual(['doseMg']);
    expect(fields({ route: 'iv', doseMg: 35, weightKg: 19, model: 'clements' })).toEqual(['weightKg']);
    expect(fields({ route: 'iv', doseMg: 35, weightKg: 301, model: 'domino' })).toEqual(['weightKg']);
    expect(fields({ route: 'im', doseMg: 35, weightKg: 70, infusionMinutes: 40, model: 'clements' })).toEqual(
      ['infusionMinutes'],
    );
    expect(
      fields({ route: 'iv', doseMg: 35, weightKg: 70, model: 'clements', stepMin: 30, durationMin: 10 }),
    ).toEqual(['stepMin']);
  });

  it('throws a typed error from simulateExposure and exports the schema', () => {
    expect(() => simulateExposure({ route: 'oral', doseMg: -1, weightKg: 70, model: 'kamp' })).toThrow(
      ExposureInputError,
    );
    const parsed = ExposureInputSchema.parse({ route: 'oral', doseMg: 100, weightKg: 70, model: 'kamp' });
    expect(parsed.durationMin).toBe(240);
    expect(parsed.stepMin).toBe(1);
  });
});
