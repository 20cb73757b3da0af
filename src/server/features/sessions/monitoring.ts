import {
  MONITORING_TEMPLATES,
  type MonitoredReading,
  type MonitoringRoute,
  type MonitoringState,
  monitoringState,
  type SessionSafety,
  sessionSafety,
  type VitalReading,
} from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import type { DosingSessionsTable } from '../../db/schema';
import type { StoredRuleSet } from '../rules';
import { liveReadings } from './repository';
import { sessionRuleSet } from './rules';

export type MonitoredSession = Pick<
  DosingSessionsTable,
  'id' | 'route' | 'status' | 'first_dose_at' | 'hold' | 'rule_set_version'
>;

export interface SessionMonitoring {
  monitoring: MonitoringState;
  safety: SessionSafety;
  /** Live readings (corrections applied), oldest first. */
  readings: (VitalReading & { at: string })[];
  /** How many of them fired a rule. */
  alertReadings: number;
}

/**
 * Monitoring and safety alerts for sessions, read in one query for all of them: the server side of
 * domain/vitals/monitoring.ts, used by the console, the board on Today, the worklist and the chart, so every
 * screen that shows a session says the same about it.
 */
export async function monitorSessions(
  db: Executor,
  sessions: readonly MonitoredSession[],
  now: string,
): Promise<Map<string, SessionMonitoring>> {
  const out = new Map<string, SessionMonitoring>();
  if (!sessions.length) return out;
  const live = await liveReadings(
    db,
    sessions.map((s) => s.id),
  );
  const ruleSets = new Map<number, StoredRuleSet>();
  for (const s of sessions) {
    const version = s.rule_set_version ?? 1;
    let rules = ruleSets.get(version);
    if (!rules) {
      rules = await sessionRuleSet(db, s);
      ruleSets.set(version, rules);
    }
    const readings: MonitoredReading[] = live.get(s.id) ?? [];
    // A route without a monitoring template (none today) has nothing due rather than failing every list.
    const known = s.route in MONITORING_TEMPLATES;
    const monitoring = monitoringState({
      route: (known ? s.route : 'im') as MonitoringRoute,
      status: known ? s.status : 'signed',
      firstDoseAt: s.first_dose_at,
      readings,
      rules: rules.rules,
      now,
    });
    const alertReadings = readings.filter((r) => r.alerts?.length).length;
    const safety = sessionSafety({ hold: Boolean(s.hold), alertReadings, monitoring });
    out.set(s.id, {
      monitoring,
      safety,
      alertReadings,
      readings: readings.map(({ alerts: _alerts, ...v }) => v as VitalReading & { at: string }),
    });
  }
  return out;
}
