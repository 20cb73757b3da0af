import { describe, expect, it } from 'vitest';
import { PCL5, PHQ9 } from '../instruments';
import { buildTrend, describeRule, type TrendInput } from './trend';

const point = (responseId: string, at: string, total: number, intake = false): TrendInput => ({
  responseId,
  at: `${at}T12:00:00.000Z`,
  total,
  band: null,
  intake,
  scoringVersion: 'phq9@1.0.0/scoring-1',
});

describe('buildTrend (PHQ-9: response = ≥ 50 % drop, remission = below 5)', () => {
  it('uses the intake response as baseline and marks response, remission and relapse', () => {
    const trend = buildTrend(PHQ9, [
      point('r3', '2026-12-15', 9),
      point('r1', '2026-11-20', 20, true),
      point('r2', '2026-12-01', 14),
      point('r4', '2027-01-10', 4),
      point('r5', '2027-03-10', 12),
    ]);
    expect(trend.baseline).toEqual({ responseId: 'r1', at: '2026-11-20T12:00:00.000Z', total: 20 });
    expect(trend.points.map((p) => [p.responseId, p.isBaseline, p.response, p.remission])).toEqual([
      ['r1', true, null, null],
      ['r2', false, false, false], // 30 % drop
      ['r3', false, true, false], // 55 % drop, still 5 or more
      ['r4', false, true, true],
      ['r5', false, false, false], // 40 % drop: relapse
    ]);
    expect(trend.markers.map((m) => `${m.kind}:${m.responseId}`)).toEqual([
      'response:r3',
      'remission:r4',
      'response_lost:r5',
      'remission_lost:r5',
    ]);
    expect(trend.points[3]).toMatchObject({ change: -16, percentChange: -80 });
    expect(trend.range).toEqual({ min: 0, max: 27 });
    expect(trend.bands).toHaveLength(5);
    expect(trend.responseRule?.text).toBe('at least a 50 % drop from baseline');
    expect(trend.remissionRule?.text).toBe('a score below 5');
  });

  it('without an intake response the earliest is the baseline; no points means no baseline', () => {
    const trend = buildTrend(PHQ9, [point('b', '2026-12-02', 10), point('a', '2026-12-01', 12)]);
    expect(trend.baseline?.responseId).toBe('a');
    expect(buildTrend(PHQ9, []).baseline).toBeNull();
  });

  it('instruments without a remission rule report null remission (PCL-5: change ≥ 10)', () => {
    const trend = buildTrend(PCL5, [point('a', '2026-12-01', 50, true), point('b', '2027-01-01', 38)]);
    expect(trend.points[1]).toMatchObject({ response: true, remission: null, change: -12 });
    expect(trend.remissionRule).toBeNull();
    expect(describeRule(PCL5.scoring.response)?.text).toBe('a drop of at least 10 points from baseline');
  });

  it('a total outside the current range (an older scoring version) is shown but not compared', () => {
    const trend = buildTrend(PHQ9, [point('a', '2026-12-01', 20, true), point('b', '2027-01-01', 99)]);
    expect(trend.points[1]).toMatchObject({ total: 99, response: null, change: null });
  });
});
