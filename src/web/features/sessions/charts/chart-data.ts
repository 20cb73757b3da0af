import type { VitalValues } from '../../../../domain/vitals';
import { liveVitals, vitalLabel, vitalsOf } from '../entries';
import type { ConsoleState } from '../session-query';

export interface VitalPoint extends VitalValues {
  minute: number;
  time: string;
}
export interface VitalThreshold {
  vital: string;
  value: number;
  comparator: string;
  level: string;
  label: string;
}

/** Minutes from the dose (or from the first reading, before a dose), one point per live reading. */
export function vitalPoints(state: ConsoleState): { points: VitalPoint[]; xLabel: string } {
  const live = liveVitals(state.entries);
  const zero = state.session.firstDoseAt ?? live[0]?.at ?? state.session.startedAt;
  const points = live.map((e) => ({
    minute: Math.round((Date.parse(e.at) - Date.parse(zero)) / 60_000),
    time: e.at,
    ...vitalsOf(e),
  }));
  return {
    points,
    xLabel: state.session.firstDoseAt ? 'Minutes from the dose' : 'Minutes from the first reading',
  };
}

/** The pre-dose holds and in-session alerts as lines: "Systolic BP alert > 180". */
export function vitalThresholds(state: ConsoleState): VitalThreshold[] {
  // Before the dose the pre-dose holds apply; after it, the in-session alerts.
  const phase = state.session.firstDoseAt ? 'in_session' : 'pre_dose';
  return state.rules
    .filter((r) => r.phase === phase && ['sbp', 'dbp', 'hr', 'spo2'].includes(r.vital))
    .map((r) => ({
      vital: r.vital,
      value: r.value,
      comparator: r.comparator,
      level: r.level,
      label: `${vitalLabel(r.vital)} ${r.level === 'hold' ? 'hold' : 'alert'}${r.basis === 'policy' ? ' (clinic policy)' : ''}`,
    }));
}
