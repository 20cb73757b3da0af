import { describe, expect, it } from 'vitest';
import { type MonitoredReading, minutesText, monitoringState, sessionSafety } from './monitoring';

const t = (hhmm: string) => `2027-01-12T${hhmm}:00.000Z`;
const full = (at: string, alerts: MonitoredReading['alerts'] = []): MonitoredReading => ({
  sbp: 128,
  dbp: 80,
  hr: 72,
  spo2: 98,
  at,
  alerts,
});
const RULES = [{ id: 'sbp_alert_160', recheckMinutes: 5 }];

describe('monitoringState', () => {
  it('an IV session 70 minutes after the dose with the last vitals 65 minutes ago: the 15-minute vitals are overdue', () => {
    // The demo's session under way: dosed 10:05 local, vitals at 10:05, seen at 11:15 (issue #14 §2).
    const m = monitoringState({
      route: 'iv',
      status: 'monitoring',
      firstDoseAt: t('18:05'),
      readings: [full(t('18:00')), full(t('18:10'))],
      now: t('19:15'),
    });
    expect(m.closed).toBe(false);
    expect(m.overdue).toMatchObject({ id: 'repeat_vitals', dueAt: t('18:25'), minutesRemaining: -50 });
    expect(m.due[0]?.id).toBe('repeat_vitals');
  });

  it('is not overdue while the next check is still to come', () => {
    const m = monitoringState({
      route: 'iv',
      status: 'monitoring',
      firstDoseAt: t('18:05'),
      readings: [full(t('18:00')), full(t('18:10'))],
      now: t('18:20'),
    });
    expect(m.overdue).toBeNull();
    expect(m.due[0]).toMatchObject({ id: 'repeat_vitals', minutesRemaining: 5 });
  });

  it('nothing is due or overdue once the patient is discharged or the record signed', () => {
    for (const status of ['discharged', 'signed']) {
      const m = monitoringState({
        route: 'iv',
        status,
        firstDoseAt: t('18:05'),
        readings: [full(t('18:10'))],
        now: t('21:00'),
      });
      expect(m).toMatchObject({ closed: true, due: [], overdue: null });
    }
  });

  it('before the dose only the checks that gate it are due (not the repeating vitals)', () => {
    const m = monitoringState({
      route: 'im',
      status: 'pre_dose',
      firstDoseAt: null,
      readings: [],
      now: t('18:00'),
    });
    expect(m.due.map((d) => d.id)).toEqual(['baseline']);
    expect(m.overdue).toBeNull();
  });

  it('a fired rule’s re-check comes first and is overdue after its own interval', () => {
    const fired = [{ ruleId: 'sbp_alert_160', vital: 'sbp', level: 'alert' }];
    const m = monitoringState({
      route: 'im',
      status: 'monitoring',
      firstDoseAt: t('18:00'),
      readings: [full(t('17:55')), full(t('18:10'), fired)],
      rules: RULES,
      now: t('18:17'),
    });
    expect(m.overdue).toMatchObject({ id: 'recheck', dueAt: t('18:15'), minutesRemaining: -2 });
  });

  it('takes the latest reading by time whatever the order given, and ignores readings in the future', () => {
    const fired = [{ ruleId: 'sbp_alert_160', vital: 'sbp', level: 'alert' }];
    const m = monitoringState({
      route: 'im',
      status: 'monitoring',
      firstDoseAt: t('18:00'),
      readings: [full(t('18:20')), full(t('18:10'), fired), full(t('19:00'))],
      rules: RULES,
      now: t('18:22'),
    });
    // The 18:20 reading met the re-check the 18:10 one asked for; the 19:00 one has not happened yet.
    expect(m.due.map((d) => d.id)).toEqual(['repeat_vitals', 'before_discharge']);
    expect(m.due[0]?.dueAt).toBe(t('18:35'));
  });
});

describe('sessionSafety', () => {
  const base = { route: 'iv' as const, firstDoseAt: t('18:05'), readings: [full(t('18:10'))] };

  it('overdue monitoring is an alert, in words with the check and how late it is', () => {
    const s = sessionSafety({
      hold: false,
      alertReadings: 0,
      monitoring: monitoringState({ ...base, status: 'monitoring', now: t('19:20') }),
    });
    expect(s).toEqual({
      level: 'alert',
      flags: [{ kind: 'overdue', text: 'Vitals (every 15 min) overdue by 55 min' }],
    });
  });

  it('no flags: ok', () => {
    const s = sessionSafety({
      hold: false,
      alertReadings: 0,
      monitoring: monitoringState({ ...base, status: 'monitoring', now: t('18:15') }),
    });
    expect(s).toEqual({ level: 'ok', flags: [] });
  });

  it('lists a hold first, then overdue monitoring, then readings with alerts', () => {
    const s = sessionSafety({
      hold: true,
      alertReadings: 2,
      monitoring: monitoringState({ ...base, status: 'monitoring', now: t('20:30') }),
    });
    expect(s.flags.map((f) => f.kind)).toEqual(['hold', 'overdue', 'alerts']);
    expect(s.flags[1]?.text).toBe('Vitals (every 15 min) overdue by 2 h 5 min');
    expect(s.flags[2]?.text).toBe('2 readings with alerts');
  });
});

describe('minutesText', () => {
  it('writes minutes and hours', () => {
    expect([0, 1, 59, 60, 65, 125].map(minutesText)).toEqual([
      '0 min',
      '1 min',
      '59 min',
      '1 h',
      '1 h 5 min',
      '2 h 5 min',
    ]);
  });
});
