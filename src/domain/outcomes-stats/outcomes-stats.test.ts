import { describe, expect, it } from 'vitest';
import {
  bandOf,
  indicationGroup,
  kaplanMeier,
  kaplanMeierGrouped,
  MIN_N,
  median,
  numbersAtRisk,
  quantileBands,
  quantileType1,
  rateCell,
  routeGroup,
  summariseCourse,
  summariseMeasure,
  survivalAt,
  wilsonInterval,
} from '.';

const w = (values: number[]) => values.map((value) => ({ value, count: 1 }));

describe('Wilson score interval', () => {
  // Newcombe RG, Stat Med 1998;17:857-872, Table I, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → %f to %f (Newcombe 1998)', (x, n, low, high) => {
    const i = wilsonInterval(x, n);
    expect(i.low).toBeCloseTo(low, 4);
    expect(i.high).toBeCloseTo(high, 4);
  });

  it('5 of 10, by hand: centre 0.5, half-width 1.96/1.38415 × √(0.025 + 0.0096037) = 0.2634', () => {
    const i = wilsonInterval(5, 10);
    expect(i.low).toBeCloseTo(0.2366, 4);
    expect(i.high).toBeCloseTo(0.7634, 4);
  });

  it('all successes stays inside [0, 1] and is the mirror of none', () => {
    const all = wilsonInterval(20, 20);
    const none = wilsonInterval(0, 20);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - none.high, 10);
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });

  it('cells below ten show no rate; from ten, the rate and its interval', () => {
    expect(MIN_N).toBe(10);
    expect(rateCell(5, 9)).toEqual({ count: 5, n: 9, rate: null, low: null, high: null });
    expect(rateCell(5, 10)).toEqual({ count: 5, n: 10, rate: 0.5, low: 0.2366, high: 0.7634 });
  });
});

describe('Kaplan–Meier', () => {
  // By hand: six subjects; events at 1, 3, 3, 5; censored at 2 and 4.
  // t=1: 6 at risk, 1 event → S = 5/6 = 0.8333
  // t=2: censored, S unchanged; t=3: 4 at risk (3, 3, 4, 5), 2 events → S = 0.8333 × 2/4 = 0.4167
  // t=4: censored; t=5: 1 at risk, 1 event → S = 0
  const obs = [
    { time: 1, event: true },
    { time: 2, event: false },
    { time: 3, event: true },
    { time: 3, event: true },
    { time: 4, event: false },
    { time: 5, event: true },
  ];

  it('matches the hand-computed product limit, censoring included', () => {
    const steps = kaplanMeier(obs);
    expect(steps.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 0, 1],
      [3, 4, 2, 0],
      [4, 2, 0, 1],
      [5, 1, 1, 0],
    ]);
    expect(steps.map((s) => s.survival)).toEqual([5 / 6, 5 / 6, 5 / 12, 5 / 12, 0]);
    expect(survivalAt(steps, 0)).toBe(1);
    expect(survivalAt(steps, 3.5)).toBeCloseTo(0.4167, 4);
    expect(numbersAtRisk(steps, [0, 2, 3, 6])).toEqual([6, 5, 4, 0]);
  });

  it('a censoring tied with an event counts as at risk for it', () => {
    const steps = kaplanMeier([
      { time: 2, event: true },
      { time: 2, event: false },
      { time: 4, event: true },
    ]);
    // t=2: 3 at risk, 1 event → 2/3; t=4: 1 at risk → 0
    expect(steps[0]).toMatchObject({ atRisk: 3, events: 1, censored: 1 });
    expect(steps[0]?.survival).toBeCloseTo(2 / 3, 12);
    expect(steps[1]).toMatchObject({ atRisk: 1, survival: 0 });
  });

  it('grouped counts give the same curve', () => {
    expect(
      kaplanMeierGrouped([
        { time: 3, events: 2, censored: 0 },
        { time: 1, events: 1, censored: 0 },
        { time: 2, events: 0, censored: 1 },
        { time: 5, events: 1, censored: 0 },
        { time: 4, events: 0, censored: 1 },
      ]),
    ).toEqual(kaplanMeier(obs));
  });

  it('everyone censored: the curve stays at 1', () => {
    expect(kaplanMeier([{ time: 4, event: false }]).map((s) => s.survival)).toEqual([1]);
    expect(kaplanMeier([])).toEqual([]);
  });
});

describe('quantile bands', () => {
  it('definition 1: the value of rank ⌈p·n⌉', () => {
    const data = w([7, 1, 3, 5, 9]);
    expect(quantileType1(data, 0.25)).toBe(3); // rank ⌈1.25⌉ = 2
    expect(quantileType1(data, 0.5)).toBe(5); // rank ⌈2.5⌉ = 3
    expect(quantileType1(data, 0.75)).toBe(7); // rank ⌈3.75⌉ = 4
    expect(quantileType1(data, 0)).toBe(1);
    expect(quantileType1([], 0.5)).toBeNull();
  });

  it('eight values in quartiles, no ties: two values per band', () => {
    const bands = quantileBands(w([1, 2, 3, 4, 5, 6, 7, 8]), 4);
    expect(bands.map((b) => [b.low, b.high])).toEqual([
      [1, 2],
      [2, 4],
      [4, 6],
      [6, 8],
    ]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((v) => bandOf(bands, v))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('ties stay together and duplicate cuts collapse', () => {
    // n = 8: p=.25 → rank 2 → 2; p=.5 → rank 4 → 2 (duplicate, dropped); p=.75 → rank 6 → 3.
    const bands = quantileBands(w([1, 2, 2, 2, 2, 3, 4, 5]), 4);
    expect(bands.map((b) => [b.low, b.lowInclusive, b.high])).toEqual([
      [1, true, 2],
      [2, false, 3],
      [3, false, 5],
    ]);
    expect([1, 2, 2, 2, 2, 3, 4, 5].map((v) => bandOf(bands, v))).toEqual([0, 0, 0, 0, 0, 1, 2, 2]);
  });

  it('a single distinct value is one band; weighted input equals repeated input', () => {
    expect(quantileBands([{ value: 0.5, count: 30 }], 4)).toEqual([
      { index: 0, low: 0.5, lowInclusive: true, high: 0.5 },
    ]);
    expect(
      quantileBands(
        [
          { value: 2, count: 4 },
          { value: 1, count: 1 },
          { value: 5, count: 1 },
          { value: 3, count: 1 },
          { value: 4, count: 1 },
        ],
        4,
      ),
    ).toEqual(quantileBands(w([1, 2, 2, 2, 2, 3, 4, 5]), 4));
  });

  it('median: the middle value, or the mean of the two middle values', () => {
    expect(median(w([5, 1, 3]))).toBe(3);
    expect(median(w([4, 1, 3, 2]))).toBe(2.5);
    expect(
      median([
        { value: -6, count: 2 },
        { value: -2, count: 1 },
        { value: 0, count: 1 },
      ]),
    ).toBe(-4);
    expect(median([])).toBeNull();
  });
});

describe('course summaries', () => {
  it('route groups: sublingual splits by setting; intranasal is esketamine', () => {
    expect(routeGroup('sublingual', 'at_home')).toBe('sublingual_home');
    expect(routeGroup('sublingual', 'in_clinic')).toBe('sublingual_clinic');
    expect(routeGroup('iv', 'in_clinic')).toBe('iv');
    expect(routeGroup('intranasal', 'in_clinic')).toBe('esketamine');
    expect(routeGroup('oral', 'at_home')).toBe('other');
  });

  it('indication group: the first F code, else the words of the indication', () => {
    expect(indicationGroup(['F33.1'], ['PTSD'])).toBe('depression');
    expect(indicationGroup(['E11.9', 'F43.10'], [])).toBe('ptsd');
    expect(indicationGroup([], ['Treatment-resistant depression'])).toBe('depression');
    expect(indicationGroup([], ['Bipolar II depression'])).toBe('bipolar_depression');
    expect(indicationGroup([], ['Generalized anxiety disorder'])).toBe('anxiety');
    expect(indicationGroup([], ['Chronic pain'])).toBe('other');
  });

  it('start, bioavailable dose per kg, early stop', () => {
    const s = summariseCourse(
      {
        route: 'sublingual',
        setting: 'at_home',
        status: 'completed',
        stopReason: null,
        plannedDoses: 6,
        createdAt: '2026-01-01T00:00:00.000Z',
        nextStartAt: null,
      },
      [
        { at: '2026-01-10T10:00:00.000Z', mgPerKg: 4, bioavailability: 0.3 },
        { at: '2026-01-03T10:00:00.000Z', mgPerKg: 3, bioavailability: 0.3 },
      ],
    );
    // (4 × 0.3 + 3 × 0.3) / 2 = 1.05 mg/kg bioavailable
    expect(s).toEqual({
      routeGroup: 'sublingual_home',
      startedAt: '2026-01-03T10:00:00.000Z',
      dosePerKg: 1.05,
      dosesGiven: 2,
      stoppedEarly: true,
      stopReason: 'not_recorded',
    });
  });

  it('baseline, latest, weeks to response and remission, change per week', () => {
    const start = '2026-03-02T09:00:00.000Z';
    const m = summariseMeasure(
      start,
      '2026-06-01T00:00:00.000Z',
      [
        { at: '2025-10-01T09:00:00.000Z', total: 27 }, // more than 90 days before: not the baseline
        { at: '2026-02-20T09:00:00.000Z', total: 22 },
        { at: '2026-03-01T09:00:00.000Z', total: 20 }, // baseline: last on or before the start
        { at: '2026-03-05T09:00:00.000Z', total: 15 }, // week 0
        { at: '2026-03-12T09:00:00.000Z', total: 12 }, // week 1
        { at: '2026-03-13T09:00:00.000Z', total: 10 }, // week 1: a 50 % drop → response
        { at: '2026-03-30T09:00:00.000Z', total: 4 }, // week 4: below 5 → remission
        { at: '2026-06-02T09:00:00.000Z', total: 18 }, // after the next course started
      ],
      { response: { kind: 'percentDrop', threshold: 50 }, remission: { kind: 'below', value: 5 } },
    );
    expect(m).toEqual({
      baseline: 20,
      latest: 4,
      latestIsBaseline: false,
      followWeek: 4,
      responseWeek: 1,
      remissionWeek: 4,
      weeks: new Map([
        [0, -5],
        [1, -10],
        [4, -16],
      ]),
    });
  });

  it('no score before the start: the first score of the first week is the baseline; none at all → null', () => {
    const start = '2026-03-02T09:00:00.000Z';
    const m = summariseMeasure(start, null, [{ at: '2026-03-04T09:00:00.000Z', total: 14 }], {});
    expect(m).toMatchObject({ baseline: 14, latest: 14, latestIsBaseline: true, followWeek: 0 });
    expect(summariseMeasure(start, null, [{ at: '2026-03-20T09:00:00.000Z', total: 14 }], {})).toBeNull();
  });
});
