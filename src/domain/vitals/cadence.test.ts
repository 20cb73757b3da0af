import { describe, expect, it } from 'vitest';
import { MONITORING_TEMPLATES, type MonitoringTemplate, nextDue, recheckAfter } from './cadence';
import type { VitalReading } from './types';

const START = '2026-03-01T10:00:00.000Z';
const t = (hhmm: string, ss = '00') => `2026-03-01T${hhmm}:${ss}.000Z`;
const bp = (at: string): VitalReading => ({ sbp: 128, dbp: 80, at });
const full = (at: string): VitalReading => ({ sbp: 128, dbp: 80, hr: 72, spo2: 98, at });

describe('nextDue: esketamine', () => {
  it('before dosing: BP before the first device is next', () => {
    const status = nextDue('esketamine', START, [], t('09:50'));
    expect(status.next).toMatchObject({
      id: 'bp_before_dose',
      dueAt: START,
      minutesRemaining: 10,
      overdue: false,
    });
    expect(status.minimumMonitoringMinutes).toBe(120);
    expect(status.minutesUntilMinimumMet).toBe(130);
    expect(status.minimumMetAt).toBe(t('12:00'));
    expect(status.continuous).toContain('Pulse oximetry throughout');
  });

  it('after a pre-dose BP: the 40-minute BP is next', () => {
    const status = nextDue('esketamine', START, [bp(t('09:55'))], t('10:20'));
    expect(status.done).toEqual(['bp_before_dose']);
    expect(status.next).toMatchObject({ id: 'bp_40_min', dueAt: t('10:40'), minutesRemaining: 20 });
    expect(status.outstanding.map((d) => d.id)).toEqual(['bp_40_min', 'bp_before_discharge']);
  });

  it('a reading at exactly the first device counts as before the dose', () => {
    expect(nextDue('esketamine', START, [bp(START)], t('10:01')).done).toEqual(['bp_before_dose']);
  });

  it('reports the 40-minute BP overdue inside its window and missed after it', () => {
    const overdue = nextDue('esketamine', START, [bp(t('09:55'))], t('10:42'));
    expect(overdue.next).toMatchObject({ id: 'bp_40_min', minutesRemaining: -2, overdue: true });
    const missed = nextDue('esketamine', START, [bp(t('09:55'))], t('10:51'));
    expect(missed.missed).toEqual(['bp_40_min']);
    expect(missed.next).toMatchObject({ id: 'bp_before_discharge', dueAt: t('11:55'), minutesRemaining: 64 });
  });

  it('counts only readings with a blood pressure inside the window', () => {
    const readings = [bp(t('09:55')), bp(t('10:34')), { hr: 80, at: t('10:40') }];
    expect(nextDue('esketamine', START, readings, t('10:45')).next?.id).toBe('bp_40_min');
    expect(nextDue('esketamine', START, [...readings, bp(t('10:35'))], t('10:45')).done).toEqual([
      'bp_before_dose',
      'bp_40_min',
    ]);
  });

  it('a dose given without a pre-dose BP shows it as missed', () => {
    expect(nextDue('esketamine', START, [], t('10:05')).missed).toEqual(['bp_before_dose']);
  });

  it('all checks done: nothing due, minutes to the 120-minute minimum remain', () => {
    const readings = [bp(t('09:55')), bp(t('10:40')), bp(t('11:46'))];
    const status = nextDue('esketamine', START, readings, t('11:50'));
    expect(status.next).toBeNull();
    expect(status.done).toEqual(['bp_before_dose', 'bp_40_min', 'bp_before_discharge']);
    expect(status.minutesUntilMinimumMet).toBe(10);
    expect(nextDue('esketamine', START, readings, t('12:30')).minutesUntilMinimumMet).toBe(0);
  });

  it('ignores readings timed after now and readings with a bad time', () => {
    const status = nextDue('esketamine', START, [bp(t('10:40')), bp('yesterday')], t('10:20'));
    expect(status.done).toEqual([]);
  });

  it('rounds minutes remaining up', () => {
    expect(nextDue('esketamine', START, [], t('09:59', '30')).next?.minutesRemaining).toBe(1);
    expect(nextDue('esketamine', START, [], START).next).toMatchObject({
      minutesRemaining: 0,
      overdue: false,
    });
  });
});

describe('nextDue: IV every 15 minutes', () => {
  it('baseline first, then every 15 min from the start', () => {
    expect(nextDue('iv', START, [], t('09:55')).next).toMatchObject({ id: 'baseline', minutesRemaining: 5 });
    const status = nextDue('iv', START, [full(t('09:58'))], t('10:05'));
    expect(status.done).toEqual(['baseline']);
    expect(status.next).toMatchObject({ id: 'repeat_vitals', dueAt: t('10:15'), minutesRemaining: 10 });
  });

  it('the next repeat is measured from the last full reading', () => {
    const readings = [full(t('09:58')), { sbp: 130, dbp: 82, hr: 80, at: t('10:17') }];
    expect(nextDue('iv', START, readings, t('10:20')).next).toMatchObject({
      dueAt: t('10:32'),
      minutesRemaining: 12,
    });
    expect(nextDue('iv', START, readings, t('10:40')).next).toMatchObject({
      minutesRemaining: -8,
      overdue: true,
    });
    // A reading without a heart rate does not reset the clock.
    const partial = [...readings, { sbp: 130, dbp: 82, at: t('10:30') }];
    expect(nextDue('iv', START, partial, t('10:31')).next?.dueAt).toBe(t('10:32'));
  });

  it('the baseline needs BP, HR and SpO2', () => {
    expect(nextDue('iv', START, [bp(t('09:58'))], t('09:59')).next?.id).toBe('baseline');
  });

  it('asks for vitals before discharge near the end of the minimum', () => {
    expect(MONITORING_TEMPLATES.iv.minimumMonitoringMinutes).toBe(60);
    const readings = [full(t('09:58')), full(t('10:15')), full(t('10:30'))];
    const status = nextDue('iv', START, readings, t('10:40'));
    expect(status.outstanding.map((d) => [d.id, d.dueAt])).toEqual([
      ['repeat_vitals', t('10:45')],
      ['before_discharge', t('10:55')],
    ]);
    // A reading from 45 min on (15 min before the 60-min minimum) counts as the pre-discharge set.
    const later = nextDue('iv', START, [...readings, full(t('10:46'))], t('10:50'));
    expect(later.done).toEqual(['baseline', 'before_discharge']);
    expect(later.next).toMatchObject({ id: 'repeat_vitals', dueAt: t('11:01') });
  });

  it('labels non-IV racemic templates as clinic policy', () => {
    for (const route of ['im', 'sublingual', 'oral'] as const) {
      expect(MONITORING_TEMPLATES[route].basis).toBe('policy');
      expect(MONITORING_TEMPLATES[route].source).toMatch(/policy/i);
    }
    expect(nextDue('sublingual', START, [full(t('09:58'))], t('10:05')).next?.dueAt).toBe(t('10:30'));
  });
});

describe('nextDue: custom template', () => {
  it('accepts a clinic template object', () => {
    const template: MonitoringTemplate = {
      id: 'home_check',
      label: 'Test',
      checkpoints: [
        {
          id: 'bp_at_10',
          label: 'BP at 10',
          dueMinute: 10,
          fromMinute: 5,
          toMinute: 20,
          requires: ['sbp', 'dbp'],
        },
      ],
      minimumMonitoringMinutes: 30,
      continuous: [],
      basis: 'policy',
      source: 'clinic policy',
    };
    const status = nextDue(template, START, [], t('10:00'));
    expect(status.templateId).toBe('home_check');
    expect(status.next).toMatchObject({ id: 'bp_at_10', minutesRemaining: 10 });
  });

  it('throws on an invalid start or now', () => {
    expect(() => nextDue('iv', 'soon', [], t('10:00'))).toThrow(RangeError);
  });
});

describe('re-checks asked for by a fired rule', () => {
  const start = '2026-03-01T15:00:00.000Z';
  const at = (min: number) => new Date(Date.parse(start) + min * 60_000).toISOString();
  const alert = { ruleId: 'in_session_sbp_alert', vital: 'sbp', level: 'alert', recheckMinutes: 5 };

  it('the countdown follows the rule: 5 min after an alert, before the 15-min routine check', () => {
    const readings = [{ sbp: 185, dbp: 95, hr: 90, at: at(20) }];
    const recheck = recheckAfter({ at: at(20), alerts: [alert] });
    expect(recheck).toMatchObject({ minutes: 5, requires: ['sbp'] });
    expect(recheck?.label).toBe('Re-check blood pressure (alert: within 5 min)');
    const status = nextDue('im', start, readings, at(21), recheck);
    expect(status.next).toMatchObject({ id: 'recheck', dueAt: at(25), minutesRemaining: 4 });
    // Without the re-check, the next check is the routine one, 15 min after the reading.
    expect(nextDue('im', start, readings, at(21)).next).toMatchObject({ id: 'repeat_vitals', dueAt: at(35) });
  });

  it('the shortest interval wins; a later reading with the vital meets it', () => {
    const hold = { ruleId: 'x', vital: 'spo2', level: 'hold', recheckMinutes: 15 };
    const recheck = recheckAfter({ at: at(0), alerts: [hold, { ...alert, recheckMinutes: 3 }] });
    expect(recheck).toMatchObject({ minutes: 3, requires: ['spo2', 'sbp'] });
    expect(recheck?.label).toBe('Re-check SpO2 and blood pressure (hold: within 3 min)');
    const later = [
      { sbp: 185, spo2: 91, at: at(0) },
      { sbp: 150, spo2: 96, at: at(2) },
    ];
    expect(nextDue('im', start, later, at(2), recheck).outstanding.map((d) => d.id)).not.toContain('recheck');
  });

  it('uses the session’s rules for entries saved without an interval, and nothing when no rule fired', () => {
    const { recheckMinutes: _, ...old } = alert;
    expect(
      recheckAfter({ at: at(0), alerts: [old] }, [{ id: 'in_session_sbp_alert', recheckMinutes: 7 }])
        ?.minutes,
    ).toBe(7);
    expect(recheckAfter({ at: at(0), alerts: [old] })).toBeNull();
    expect(recheckAfter({ at: at(0), alerts: [] })).toBeNull();
  });
});
