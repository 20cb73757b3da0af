import { describe, expect, it } from 'vitest';
import { type DischargeInput, dischargeCheck } from './discharge';

const FIRST = '2026-03-01T10:00:00.000Z';
const t = (hhmm: string, ss = '00') => `2026-03-01T${hhmm}:${ss}.000Z`;

function ready(patch: Partial<DischargeInput> = {}): DischargeInput {
  return {
    route: 'esketamine',
    firstDoseAt: FIRST,
    now: t('12:00'),
    baselineVitals: { sbp: 128, dbp: 80, hr: 72, spo2: 98, at: t('09:55') },
    latestVitals: { sbp: 132, dbp: 84, hr: 76, spo2: 97, at: t('11:50') },
    sedation: 5,
    dissociationResolved: true,
    oriented: true,
    walksSafely: true,
    escortName: 'Sam Rivera',
    acknowledgedNoDriving: true,
    ...patch,
  };
}

const failing = (input: DischargeInput) =>
  dischargeCheck(input)
    .items.filter((i) => !i.ok)
    .map((i) => i.id);

describe('dischargeCheck', () => {
  it('is ready when every item is met', () => {
    const result = dischargeCheck(ready());
    expect(result.ready).toBe(true);
    expect(result.items.map((i) => i.id)).toEqual([
      'minimum_monitoring',
      'vitals_near_baseline',
      'sedation_resolved',
      'dissociation_resolved',
      'oriented',
      'walks_safely',
      'escort_present',
      'no_driving_acknowledged',
    ]);
    expect(result.items.find((i) => i.id === 'no_driving_acknowledged')?.message).toMatch(
      /next day after restful sleep/,
    );
  });

  it('esketamine: 119 min is not enough, 120 min is', () => {
    const early = dischargeCheck(ready({ now: t('11:59') }));
    expect(early.ready).toBe(false);
    expect(failing(ready({ now: t('11:59') }))).toEqual(['minimum_monitoring']);
    expect(early.items[0]?.message).toMatch(
      /119 min since the first device; at least 120 min required \(1 min to go\)/,
    );
    expect(failing(ready({ now: t('11:59', '59') }))).toEqual(['minimum_monitoring']);
    expect(dischargeCheck(ready({ now: t('12:00') })).ready).toBe(true);
  });

  it('uses the route template minimum for other routes (IV: 60 min policy default)', () => {
    const iv = (now: string) =>
      ready({ route: 'iv', now, latestVitals: { sbp: 130, dbp: 82, hr: 74, spo2: 98, at: t('10:55') } });
    expect(failing(iv(t('10:59')))).toEqual(['minimum_monitoring']);
    expect(dischargeCheck(iv(t('11:00'))).ready).toBe(true);
    expect(dischargeCheck(iv(t('11:00'))).items[0]?.message).toMatch(/since the dose/);
  });

  describe('vitals near baseline', () => {
    const latest = (v: Partial<NonNullable<DischargeInput['latestVitals']>>) =>
      ready({ latestVitals: { sbp: 132, dbp: 84, hr: 76, spo2: 97, at: t('11:50'), ...v } });

    it('needs baseline and recent post-dose vitals with a BP', () => {
      expect(failing(ready({ baselineVitals: undefined }))).toEqual(['vitals_near_baseline']);
      expect(failing(ready({ latestVitals: undefined }))).toEqual(['vitals_near_baseline']);
      expect(failing(latest({ at: t('09:59') }))).toEqual(['vitals_near_baseline']);
      expect(failing(latest({ at: t('11:29') }))).toEqual(['vitals_near_baseline']);
      expect(failing(latest({ at: t('11:30') }))).toEqual([]);
      expect(failing(latest({ sbp: undefined }))).toEqual(['vitals_near_baseline']);
    });

    it('edge values against a baseline of 128/80, HR 72', () => {
      expect(failing(latest({ sbp: 148 }))).toEqual([]); // +20, even though above 140
      expect(failing(latest({ sbp: 149 }))).toEqual(['vitals_near_baseline']); // +21 and above 140
      expect(failing(latest({ sbp: 108 }))).toEqual([]); // −20
      expect(failing(latest({ sbp: 107 }))).toEqual(['vitals_near_baseline']); // −21
      expect(failing(latest({ dbp: 90 }))).toEqual([]); // +10
      expect(failing(latest({ dbp: 91 }))).toEqual(['vitals_near_baseline']);
      expect(failing(latest({ hr: 92 }))).toEqual([]); // +20
      expect(failing(latest({ hr: 100 }))).toEqual([]); // rise within ceiling
      expect(failing(latest({ hr: 101 }))).toEqual(['vitals_near_baseline']);
    });

    it('accepts a rise that stays within normal limits', () => {
      const low = ready({ baselineVitals: { sbp: 105, dbp: 65, hr: 60, spo2: 98, at: t('09:55') } });
      expect(
        failing({ ...low, latestVitals: { sbp: 140, dbp: 90, hr: 95, spo2: 98, at: t('11:50') } }),
      ).toEqual([]);
    });

    it('fails on an in-session alert even when close to a high baseline', () => {
      const high = ready({ baselineVitals: { sbp: 170, dbp: 95, hr: 72, spo2: 98, at: t('09:55') } });
      const result = dischargeCheck({ ...high, latestVitals: { sbp: 181, dbp: 95, hr: 72, at: t('11:50') } });
      expect(result.ready).toBe(false);
      expect(result.items[1]?.message).toMatch(/181 mmHg/);
    });

    it('SpO2: at least 94 %, or within 2 points of a low baseline', () => {
      expect(failing(latest({ spo2: 94 }))).toEqual([]);
      expect(failing(latest({ spo2: 93 }))).toEqual(['vitals_near_baseline']);
      const copd = ready({ baselineVitals: { sbp: 128, dbp: 80, hr: 72, spo2: 93, at: t('09:55') } });
      expect(failing({ ...copd, latestVitals: { sbp: 130, dbp: 80, spo2: 92, at: t('11:50') } })).toEqual([]);
    });
  });

  it('sedation must be MOAA/S 5', () => {
    expect(failing(ready({ sedation: 4 }))).toEqual(['sedation_resolved']);
    expect(failing(ready({ sedation: undefined }))).toEqual(['sedation_resolved']);
    expect(dischargeCheck(ready({ sedation: 3 })).items[2]?.message).toMatch(/MOAA\/S 3/);
  });

  it.each([
    ['dissociationResolved', 'dissociation_resolved'],
    ['oriented', 'oriented'],
    ['walksSafely', 'walks_safely'],
    ['acknowledgedNoDriving', 'no_driving_acknowledged'],
  ] as const)('%s false or unanswered fails %s', (field, id) => {
    expect(failing(ready({ [field]: false }))).toEqual([id]);
    expect(failing(ready({ [field]: undefined }))).toEqual([id]);
  });

  it('needs an escort name', () => {
    expect(failing(ready({ escortName: '  ' }))).toEqual(['escort_present']);
    expect(failing(ready({ escortName: undefined }))).toEqual(['escort_present']);
  });

  it('lists every failing item at once', () => {
    const result = dischargeCheck(ready({ now: t('11:00'), sedation: 4, escortName: '' }));
    expect(result.items.filter((i) => !i.ok).map((i) => i.id)).toEqual([
      'minimum_monitoring',
      'sedation_resolved',
      'escort_present',
    ]);
  });
});
