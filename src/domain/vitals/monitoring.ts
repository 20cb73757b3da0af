import { type CadenceStatus, type DueItem, type FiredForRecheck, nextDue, recheckAfter } from './cadence';
import type { MonitoringRoute, VitalReading } from './types';

/**
 * Where a session's monitoring stands, and what about it is a safety alert: one computation behind every
 * screen that shows a session (the console's "Due next", the prescriber's board on Today, the worklist and the
 * chart's list of sessions), so that none of them says "No alerts" while another says vitals are overdue.
 *
 * Overdue monitoring is an alert: a check the route's cadence (DOMAIN §3 "Monitoring cadence", see cadence.ts)
 * or a fired rule's re-check asks for, not taken by its time, while the patient is still being monitored.
 */

/** Session states after which nothing more is due (the patient has left). */
const CLOSED_STATUSES: readonly string[] = ['discharged', 'signed'];
/** Before the dose only these checks are due: the ones that gate the dose. */
const BEFORE_DOSE_CHECKS: readonly string[] = ['baseline', 'bp_before_dose', 'recheck'];

/** A live reading (corrections applied) with the rules it fired when it was saved. */
export type MonitoredReading = VitalReading & { alerts?: readonly FiredForRecheck[] };

export interface MonitoringInput {
  route: MonitoringRoute;
  /** The session's status (pre_dose, dosing, monitoring, discharged, signed). */
  status: string;
  firstDoseAt: string | null;
  readings: readonly MonitoredReading[];
  /** Re-check intervals of the session's rule set, for fired rules saved without one. */
  rules?: readonly { id: string; recheckMinutes: number }[];
  now: string;
}

export interface MonitoringState {
  /** Discharged or signed: nothing is due. */
  closed: boolean;
  /** Checks due, the most urgent first (before the dose, only those that gate it). */
  due: DueItem[];
  /** The most urgent check, when it is past its time. */
  overdue: DueItem | null;
  cadence: CadenceStatus;
}

export function monitoringState(input: MonitoringInput): MonitoringState {
  const nowMs = Date.parse(input.now);
  const live = input.readings
    .filter((r) => !Number.isNaN(Date.parse(r.at)) && Date.parse(r.at) <= nowMs)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const latest = live.at(-1);
  // A rule the latest reading fired asks for its own re-check ("re-check in 5 min"): the countdown follows it.
  const recheck = latest
    ? recheckAfter({ at: latest.at, alerts: latest.alerts ?? [] }, input.rules ?? [])
    : null;
  const cadence = nextDue(input.route, input.firstDoseAt ?? input.now, live, input.now, recheck);
  const closed = CLOSED_STATUSES.includes(input.status);
  const due = closed
    ? []
    : input.firstDoseAt
      ? cadence.outstanding
      : cadence.outstanding.filter((d) => BEFORE_DOSE_CHECKS.includes(d.id));
  const first = due[0];
  return { closed, due, overdue: first?.overdue ? first : null, cadence };
}

/** "55 min", "1 h", "1 h 5 min". */
export function minutesText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export type SafetyFlagKind = 'hold' | 'overdue' | 'alerts';

export interface SafetyFlag {
  kind: SafetyFlagKind;
  /** Plain words for any screen: "Vitals (every 15 min) overdue by 55 min". */
  text: string;
}

export interface SessionSafety {
  /** 'alert' when any flag is up (red on every screen, UX.md principle 2); otherwise 'ok'. */
  level: 'alert' | 'ok';
  flags: SafetyFlag[];
}

/**
 * A session's safety alerts, in order of urgency: a pre-dose hold, monitoring overdue, readings that fired an
 * alert rule. `alertReadings` counts the live readings that fired any rule.
 */
export function sessionSafety(input: {
  hold: boolean;
  alertReadings: number;
  monitoring: MonitoringState;
}): SessionSafety {
  const flags: SafetyFlag[] = [];
  if (input.hold) flags.push({ kind: 'hold', text: 'Pre-dose hold' });
  const late = input.monitoring.overdue;
  if (late) {
    const by = Math.max(1, -late.minutesRemaining);
    flags.push({ kind: 'overdue', text: `${late.label} overdue by ${minutesText(by)}` });
  }
  if (input.alertReadings > 0) {
    const n = input.alertReadings;
    flags.push({ kind: 'alerts', text: `${n} reading${n === 1 ? '' : 's'} with alerts` });
  }
  return { level: flags.length ? 'alert' : 'ok', flags };
}
