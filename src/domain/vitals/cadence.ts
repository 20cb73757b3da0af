import {
  type MonitoringRoute,
  VITAL_SIGNS,
  type Vital,
  type VitalReading,
  type VitalRuleLevel,
} from './types';

/**
 * Monitoring cadence per route (DOMAIN §3 "Monitoring cadence").
 *
 * A template has fixed checkpoints (a reading counts for a checkpoint if it holds the required vitals and
 * was taken inside the checkpoint's window) and optionally a repeating check ("every 15 min"), measured
 * from the last qualifying reading so that a late reading moves the next one along. Minutes are relative
 * to `startedAt`: the start of the infusion, the injection, the troche, or the first esketamine device.
 */
export interface Checkpoint {
  id: string;
  label: string;
  dueMinute: number;
  /** Window in which a reading counts, in minutes from the start (may be negative: before the dose). */
  fromMinute: number;
  /** Window end; omitted = open until discharge. After it, an unmet checkpoint is reported as missed. */
  toMinute?: number;
  requires: readonly Vital[];
}

export interface MonitoringTemplate {
  id: string;
  label: string;
  checkpoints: readonly Checkpoint[];
  repeat?: { id: string; label: string; everyMinutes: number; requires: readonly Vital[] };
  minimumMonitoringMinutes: number;
  /** Things monitored continuously rather than at points in time. */
  continuous: readonly string[];
  basis: 'published' | 'policy';
  source: string;
}

const BP: readonly Vital[] = ['sbp', 'dbp'];
const FULL_SET: readonly Vital[] = ['sbp', 'dbp', 'hr', 'spo2'];
const BASELINE_WINDOW_MINUTES = 60;

function baseline(requires: readonly Vital[]): Checkpoint {
  return {
    id: 'baseline',
    label: 'Baseline vitals before the dose',
    dueMinute: 0,
    fromMinute: -BASELINE_WINDOW_MINUTES,
    toMinute: 0,
    requires,
  };
}

function beforeDischarge(minimum: number): Checkpoint {
  // Counts from 15 min before the end of minimum monitoring, so it can be the last reading before leaving.
  return {
    id: 'before_discharge',
    label: 'Vitals before discharge',
    dueMinute: minimum - 5,
    fromMinute: minimum - 15,
    requires: BP,
  };
}

function racemic(
  route: 'iv' | 'im' | 'sublingual' | 'oral',
  label: string,
  every: number,
  minimum: number,
  basis: 'published' | 'policy',
  source: string,
): MonitoringTemplate {
  return {
    id: route,
    label,
    checkpoints: [baseline(FULL_SET), beforeDischarge(minimum)],
    repeat: {
      id: 'repeat_vitals',
      label: `Vitals (every ${every} min)`,
      everyMinutes: every,
      requires: ['sbp', 'dbp', 'hr'],
    },
    minimumMonitoringMinutes: minimum,
    continuous: ['Pulse oximetry throughout'],
    basis,
    source,
  };
}

const CLINIC_POLICY_MONITORING =
  'Clinic policy default: interval and minimum monitoring time are not from a published rule';

export const MONITORING_TEMPLATES: Record<MonitoringRoute, MonitoringTemplate> = {
  iv: racemic(
    'iv',
    'IV infusion',
    15,
    60,
    'published',
    'Vitals at baseline and every 15 min during the infusion (common IV ketamine practice; APA 2017 consensus, ' +
      'Sanacora et al.). The 60-min minimum (40-min infusion plus recovery) is a clinic policy default',
  ),
  im: racemic('im', 'Intramuscular injection', 15, 60, 'policy', CLINIC_POLICY_MONITORING),
  // Slower absorption (Tmax ~45–60 min, DOMAIN §2): checks further apart, longer minimum.
  sublingual: racemic(
    'sublingual',
    'Sublingual troche / RDT in clinic',
    30,
    90,
    'policy',
    CLINIC_POLICY_MONITORING,
  ),
  oral: racemic('oral', 'Oral in clinic', 30, 90, 'policy', CLINIC_POLICY_MONITORING),
  esketamine: {
    id: 'esketamine',
    label: 'Esketamine nasal spray (Spravato)',
    checkpoints: [
      {
        id: 'bp_before_dose',
        label: 'Blood pressure before the first device',
        dueMinute: 0,
        fromMinute: -BASELINE_WINDOW_MINUTES,
        toMinute: 0,
        requires: BP,
      },
      // "About 40 minutes" after dosing, the time of peak BP rise; a ±5/10 min window is clinic practice.
      {
        id: 'bp_40_min',
        label: 'Blood pressure ~40 min after the first device',
        dueMinute: 40,
        fromMinute: 35,
        toMinute: 50,
        requires: BP,
      },
      {
        id: 'bp_before_discharge',
        label: 'Blood pressure before discharge',
        dueMinute: 115,
        fromMinute: 105,
        requires: BP,
      },
    ],
    minimumMonitoringMinutes: 120,
    continuous: ['Pulse oximetry throughout', 'Sedation (MOAA/S) and dissociation observed throughout'],
    basis: 'published',
    source:
      'Spravato US prescribing information §2 and Spravato REMS: BP before dosing, ~40 min after, and before ' +
      'discharge; monitoring for at least 2 hours after the first device',
  },
};

export function templateFor(routeOrTemplate: MonitoringRoute | MonitoringTemplate): MonitoringTemplate {
  return typeof routeOrTemplate === 'string' ? MONITORING_TEMPLATES[routeOrTemplate] : routeOrTemplate;
}

/**
 * A re-check a fired rule asks for ("re-check in 5 min"): due `minutes` after the reading that fired it, met
 * by a later reading holding the vitals it names. It comes from the same rule data as the alert's words, so
 * the countdown and the alert never disagree.
 */
export interface Recheck {
  /** The reading that fired the rule(s). */
  from: string;
  minutes: number;
  requires: readonly Vital[];
  label: string;
}

/** What a saved reading's fired rules need for a re-check (older records may lack the interval). */
export interface FiredForRecheck {
  ruleId: string;
  vital: string;
  level: VitalRuleLevel | string;
  recheckMinutes?: number | undefined;
}

/**
 * The re-check asked for by the rules a reading fired: the shortest interval among them, from that reading.
 * `rules` supplies the interval for fired rules recorded without one. Null when nothing fired.
 */
export function recheckAfter(
  reading: { at: string; alerts: readonly FiredForRecheck[] },
  rules: readonly { id: string; recheckMinutes: number }[] = [],
): Recheck | null {
  let minutes = Number.POSITIVE_INFINITY;
  let hold = false;
  const requires: Vital[] = [];
  for (const fired of reading.alerts) {
    const interval = fired.recheckMinutes ?? rules.find((r) => r.id === fired.ruleId)?.recheckMinutes;
    if (interval === undefined || !(interval > 0)) continue;
    minutes = Math.min(minutes, interval);
    hold ||= fired.level === 'hold';
    if (fired.vital in VITAL_SIGNS && !requires.includes(fired.vital as Vital))
      requires.push(fired.vital as Vital);
  }
  if (!Number.isFinite(minutes) || requires.length === 0) return null;
  const what = [...new Set(requires.map((v) => VITAL_SIGNS[v].words))].join(' and ');
  return {
    from: reading.at,
    minutes,
    requires,
    label: `Re-check ${what} (${hold ? 'hold' : 'alert'}: within ${minutes} min)`,
  };
}

export interface DueItem {
  id: string;
  label: string;
  dueAt: string;
  /** Whole minutes until due, rounded up; 0 = due now; negative = overdue by that many minutes. */
  minutesRemaining: number;
  overdue: boolean;
  requires: readonly Vital[];
}

export interface CadenceStatus {
  templateId: string;
  /** The most urgent outstanding check, or null when nothing is outstanding. */
  next: DueItem | null;
  /** Every outstanding check, earliest first. */
  outstanding: DueItem[];
  /** Checkpoints met by a reading in their window. */
  done: string[];
  /** Checkpoints whose window closed without a reading (e.g. for the REMS record). */
  missed: string[];
  minimumMonitoringMinutes: number;
  minimumMetAt: string;
  /** Whole minutes until the minimum monitoring time is reached (0 once reached). */
  minutesUntilMinimumMet: number;
  continuous: readonly string[];
}

const MINUTE = 60_000;

function instant(text: string, name: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid ISO date-time: ${text}`);
  return ms;
}

function hasAll(reading: VitalReading, requires: readonly Vital[]): boolean {
  return requires.every((v) => typeof reading[v] === 'number' && Number.isFinite(reading[v]));
}

function dueItem(
  id: string,
  label: string,
  dueMs: number,
  nowMs: number,
  requires: readonly Vital[],
): DueItem {
  // `|| 0` turns -0 (just overdue) into 0.
  const minutesRemaining = Math.ceil((dueMs - nowMs) / MINUTE) || 0;
  return {
    id,
    label,
    dueAt: new Date(dueMs).toISOString(),
    minutesRemaining,
    overdue: nowMs > dueMs,
    requires,
  };
}

/**
 * What monitoring is due next for a session that started (or will start) at `startedAt`, given the readings
 * so far. Pure: the caller passes `now`. Readings with an unparseable time are ignored. A re-check asked for
 * by a fired rule (see recheckAfter) is due at its own time, usually before the routine check.
 */
export function nextDue(
  routeOrTemplate: MonitoringRoute | MonitoringTemplate,
  startedAt: string,
  readings: readonly VitalReading[],
  now: string,
  recheck: Recheck | null = null,
): CadenceStatus {
  const template = templateFor(routeOrTemplate);
  const startMs = instant(startedAt, 'startedAt');
  const nowMs = instant(now, 'now');
  const timed = readings
    .map((r) => ({ reading: r, ms: Date.parse(r.at) }))
    .filter((r) => !Number.isNaN(r.ms) && r.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms);

  const outstanding: DueItem[] = [];
  const done: string[] = [];
  const missed: string[] = [];

  for (const cp of template.checkpoints) {
    const from = startMs + cp.fromMinute * MINUTE;
    const to = cp.toMinute === undefined ? Number.POSITIVE_INFINITY : startMs + cp.toMinute * MINUTE;
    const met = timed.some((r) => r.ms >= from && r.ms <= to && hasAll(r.reading, cp.requires));
    if (met) done.push(cp.id);
    else if (nowMs > to) missed.push(cp.id);
    else outstanding.push(dueItem(cp.id, cp.label, startMs + cp.dueMinute * MINUTE, nowMs, cp.requires));
  }

  if (template.repeat) {
    const { id, label, everyMinutes, requires } = template.repeat;
    const after = timed.filter((r) => r.ms >= startMs && hasAll(r.reading, requires));
    const lastMs = after.length > 0 ? (after[after.length - 1]?.ms ?? startMs) : startMs;
    outstanding.push(dueItem(id, label, lastMs + everyMinutes * MINUTE, nowMs, requires));
  }

  if (recheck) {
    const fromMs = Date.parse(recheck.from);
    const met = timed.some((r) => r.ms > fromMs && hasAll(r.reading, recheck.requires));
    if (!Number.isNaN(fromMs) && fromMs <= nowMs && !met) {
      outstanding.push(
        dueItem('recheck', recheck.label, fromMs + recheck.minutes * MINUTE, nowMs, recheck.requires),
      );
    }
  }

  outstanding.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const minimumMs = startMs + template.minimumMonitoringMinutes * MINUTE;
  return {
    templateId: template.id,
    next: outstanding[0] ?? null,
    outstanding,
    done,
    missed,
    minimumMonitoringMinutes: template.minimumMonitoringMinutes,
    minimumMetAt: new Date(minimumMs).toISOString(),
    minutesUntilMinimumMet: Math.max(0, Math.ceil((minimumMs - nowMs) / MINUTE)),
    continuous: template.continuous,
  };
}
