import type { Executor } from '../../db/dialect';
import { monitorSessions } from './monitoring';
import { liveEntries, sessionEntries, sessionsOfCourse } from './repository';

/**
 * One line per dosing session of a course, for the chart: dose, route, peak vitals, alerts, adverse events,
 * and for a session under way its safety alerts now (the same as the board and the console). Corrections
 * are applied: a corrected reading counts as its correction.
 */
export async function summariseSessions(trx: Executor, courseId: string, now: string) {
  const sessions = await sessionsOfCourse(trx, courseId);
  if (!sessions.length) return [];
  const watched = await monitorSessions(trx, sessions, now);
  // What the record says now: an entry that was corrected counts as its correction, not twice.
  const entries = liveEntries(
    await sessionEntries(trx, {
      sessionIds: sessions.map((s) => s.id),
    }),
  );
  return sessions.map((s) => {
    const mine = entries.filter((e) => e.session_id === s.id);
    const vitals = mine
      .filter((e) => e.kind === 'vitals')
      .map((e) => (JSON.parse(e.data) as { vitals: { sbp?: number; hr?: number } }).vitals);
    const peak = (k: 'sbp' | 'hr') => {
      const values = vitals.map((v) => v[k]).filter((x): x is number => typeof x === 'number');
      return values.length ? Math.max(...values) : null;
    };
    const order = s.dose_order ? (JSON.parse(s.dose_order) as { mg: number }) : null;
    const due =
      s.route === 'esketamine' && s.first_dose_at
        ? new Date(Date.parse(s.first_dose_at) + 7 * 86_400_000).toISOString()
        : null;
    return {
      id: s.id,
      number: s.number,
      route: s.route,
      status: s.status,
      startedAt: s.started_at,
      firstDoseAt: s.first_dose_at,
      doseMg: order?.mg ?? null,
      peakSbp: peak('sbp'),
      peakHr: peak('hr'),
      alerts: mine.reduce((n, e) => n + (JSON.parse(e.alerts) as unknown[]).length, 0),
      adverseEvents: mine.filter((e) => e.kind === 'adverse_event').length,
      signedAt: s.signed_at,
      remsDueBy: due,
      remsSubmittedAt: s.rems_submitted_at,
      safety: watched.get(s.id)?.safety ?? { level: 'ok' as const, flags: [] },
    };
  });
}
