import { describe, expect, it } from 'vitest';
import {
  type CubeCourse,
  courseCounts,
  cubeCells,
  cubeSpans,
  measureCounts,
  splitDateRange,
  stepOf,
  sumCounts,
  weekCount,
} from './cube';

const course: CubeCourse = {
  startDate: '2026-03-14',
  siteId: 'north',
  siteName: 'North site',
  clinicianId: 'dr-a',
  program: 'iv_series',
  routeGroup: 'iv',
  indicationGroup: 'depression',
  dosePerKg: 0.523,
  status: 'stopped',
  stoppedEarly: true,
  stopReason: 'no_benefit',
};
const phq9 = {
  min: 0,
  max: 27,
  response: { kind: 'percentDrop', threshold: 50 },
  remission: { kind: 'below', value: 5 },
} as never;

describe('dashboard counts', () => {
  it('steps: a value is counted in the step at or above it, exact on a step', () => {
    expect(stepOf(0.523, 100)).toBe(53);
    expect(stepOf(0.53, 100)).toBe(53);
    expect(stepOf(0.531, 100)).toBe(54);
    expect(stepOf(0.29, 100)).toBe(29);
    expect(stepOf(0.57, 100)).toBe(57);
    expect(stepOf(23.333, 10)).toBe(234);
    expect(stepOf(23, 10)).toBe(230);
    expect(stepOf(0, 10)).toBe(0);
  });

  it('a course is counted in its site × program cells, each for its month, year and all time; all of them by day', () => {
    const cells = cubeCells(course);
    expect(cells).toHaveLength(13);
    expect(cells).toContainEqual({ site: '*', program: '*', span: 'day', month: '2026-03-14' });
    expect(cells).toContainEqual({ site: '*', program: '*', span: 'all', month: '*' });
    expect(cells).toContainEqual({ site: 'north', program: 'iv_series', span: 'month', month: '2026-03' });
    expect(cells).toContainEqual({ site: 'north', program: '*', span: 'year', month: '2026' });
    expect(cubeCells({ ...course, siteId: null })).toContainEqual({
      site: '',
      program: '*',
      span: 'month',
      month: '2026-03',
    });
  });

  it('what a course counts for: rates by group, time to response, weeks shown', () => {
    const base = courseCounts(course, ['lxr']);
    expect(base.map((c) => c.dim).sort()).toEqual([
      'clinician',
      'course',
      'exp_course',
      'program',
      'site',
      'stop',
    ]);
    expect(base.find((c) => c.dim === 'stop')?.bucket).toBe('1|no_benefit');
    const m = {
      instrumentId: 'phq9',
      baseline: 20,
      latest: 8,
      latestIsBaseline: false,
      followWeek: 6,
      responseWeek: 4,
    };
    const counts = measureCounts(course, m, phq9, [{ instrumentId: 'lxr', mean: 23.333 }]);
    const by = (dim: string) => counts.find((c) => c.dim === dim);
    expect(by('measure')).toMatchObject({ n: 1, evaluable: 1, responded: 1, remitted: 0 });
    expect(by('dose')?.bucket).toBe('53');
    expect(by('exp')).toMatchObject({ sub: 'lxr', bucket: '234', responded: 1 });
    expect(by('km')?.bucket).toBe('iv|4|1');
    // Not evaluable (no later score): counted, not in the rates nor the time to response.
    const only = measureCounts(
      course,
      { ...m, latest: 20, latestIsBaseline: true, responseWeek: null },
      phq9,
      [],
    );
    expect(only.find((c) => c.dim === 'measure')).toMatchObject({ n: 1, evaluable: 0, responded: 0 });
    expect(only.some((c) => c.dim === 'km')).toBe(false);
    // Out of the questionnaire's range: not evaluable.
    expect(measureFlagsOf({ ...m, latest: 30 })).toMatchObject({ evaluable: 0 });
    expect(weekCount('phq9', 26, -3)?.bucket).toBe('26|-3');
    expect(weekCount('phq9', 27, -3)).toBeNull();
  });

  it('sums add up per bucket and drop what cancels out', () => {
    const a = courseCounts(course, []);
    const minus = a.map((c) => ({ ...c, n: -c.n }));
    expect(sumCounts([...a, ...minus])).toEqual([]);
    expect(sumCounts([...a, ...a]).find((c) => c.dim === 'course')?.n).toBe(2);
  });

  it('a date range: whole months from the counts, part months from the summaries', () => {
    expect(splitDateRange(undefined, undefined)).toEqual({
      months: { from: undefined, to: undefined },
      parts: [],
    });
    expect(splitDateRange('2025-06-01', '2026-06-30')).toEqual({
      months: { from: '2025-06', to: '2026-06' },
      parts: [],
    });
    expect(splitDateRange('2025-03-15', '2026-02-10')).toEqual({
      months: { from: '2025-04', to: '2026-01' },
      parts: [
        { from: '2025-03-15', to: '2025-03-31' },
        { from: '2026-02-01', to: '2026-02-10' },
      ],
    });
    expect(splitDateRange('2024-02-03', '2024-02-29')).toEqual({
      months: null,
      parts: [{ from: '2024-02-03', to: '2024-02-29' }],
    });
    expect(splitDateRange('2025-06-20', '2025-07-03')).toEqual({
      months: null,
      parts: [
        { from: '2025-06-20', to: '2025-06-30' },
        { from: '2025-07-01', to: '2025-07-03' },
      ],
    });
    expect(splitDateRange('2025-12-01', '2025-12-31').months).toEqual({ from: '2025-12', to: '2025-12' });
  });

  it('whole months as all time, whole years and the months outside them', () => {
    expect(cubeSpans({})).toEqual([{ span: 'all', from: '*', to: '*' }]);
    expect(cubeSpans({ from: '2025-06', to: '2027-02' })).toEqual([
      { span: 'year', from: '2026', to: '2026' },
      { span: 'month', from: '2025-06', to: '2025-12' },
      { span: 'month', from: '2027-01', to: '2027-02' },
    ]);
    expect(cubeSpans({ to: '2026-04' })).toEqual([
      { span: 'year', from: '0000', to: '2025' },
      { span: 'month', from: '2026-01', to: '2026-04' },
    ]);
    expect(cubeSpans({ from: '2026-01' })).toEqual([{ span: 'year', from: '2026', to: '9999' }]);
    expect(cubeSpans({ from: '2026-02', to: '2026-11' })).toEqual([
      { span: 'month', from: '2026-02', to: '2026-11' },
    ]);
  });
});

function measureFlagsOf(m: Parameters<typeof measureCounts>[1]) {
  return measureCounts(course, m, phq9, []).find((c) => c.dim === 'measure');
}
