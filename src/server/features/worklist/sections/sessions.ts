import { toLocal } from '../../../../domain/scheduling/time';
import { dateWords } from '../../../../domain/scheduling/zone-words';
import type { SafetyFlagKind } from '../../../../domain/vitals';
import { getSetting } from '../../../platform/settings';
import { monitorSessions, remsDueQuery, sessionsUnderWayQuery, unsignedSessionsQuery } from '../../sessions';
import { paged, patientName, type Source } from '../items';

/** Dosing sessions on Today: those under way, records to sign, REMS records to submit. */

/** Sessions and routes in words on Today. */
const ROUTE_WORDS: Record<string, string> = {
  iv: 'IV infusion',
  im: 'IM injection',
  sublingual: 'Sublingual',
  oral: 'Oral',
  esketamine: 'Esketamine nasal spray',
};
const SESSION_STATUS_WORDS: Record<string, string> = {
  pre_dose: 'before the dose',
  dosing: 'dose ordered',
  monitoring: 'monitoring',
};

/** What a session item is called, from its most urgent safety flag (the same flags as the board and the chart). */
const SESSION_TITLES: Record<SafetyFlagKind, string> = {
  hold: 'Pre-dose hold in a session',
  overdue: 'Monitoring overdue in a session',
  alerts: 'Session with alerts',
};

/**
 * Sessions under way, those on a pre-dose hold first. A session with a safety alert (a hold, monitoring
 * overdue, readings that fired a rule) is urgent, said in the same words as on the board and in the chart.
 */
export const activeSessions: Source = async (trx, now, auth, page) => {
  const rows = new Map<
    string,
    {
      id: string;
      route: string;
      status: string;
      first_dose_at: string | null;
      hold: string | null;
      rule_set_version: number | null;
    }
  >();
  const section = await paged(trx, sessionsUnderWayQuery(trx, auth, now.toISOString()), page, (s) => {
    rows.set(`session:${s.id}`, s);
    return {
      id: `session:${s.id}`,
      kind: 'session_in_progress',
      severity: 'info',
      title: 'Session in progress',
      detail: `${ROUTE_WORDS[s.route] ?? s.route} · ${SESSION_STATUS_WORDS[s.status] ?? s.status.replace(/_/g, ' ')}`,
      patientId: s.patient_id,
      patientName: patientName(s),
      link: `/app/patients/${s.patient_id}/sessions/${s.id}`,
      at: s.started_at,
    };
  });
  const watched = await monitorSessions(trx, [...rows.values()], now.toISOString());
  for (const item of section.items) {
    const row = rows.get(item.id);
    const safety = row ? watched.get(row.id)?.safety : undefined;
    const first = safety?.flags[0];
    if (!safety || !first) continue;
    item.severity = 'urgent';
    item.title = SESSION_TITLES[first.kind];
    item.detail = `${item.detail} · ${safety.flags.map((f) => f.text).join(' · ')}`;
  }
  return section;
};

export const unsignedSessions: Source = (trx, now, auth, page) =>
  paged(trx, unsignedSessionsQuery(trx, auth, now.toISOString()), page, (s) => ({
    id: `unsigned:${s.id}`,
    kind: 'session_unsigned',
    severity: 'due',
    title: 'Session record to sign',
    detail: 'Discharged; the prescriber has not signed the record.',
    patientId: s.patient_id,
    patientName: patientName(s),
    link: `/app/patients/${s.patient_id}/sessions/${s.id}`,
    at: s.discharged_at,
  }));

/** Esketamine REMS records not yet submitted, the longest-dosed (most overdue) first. */
export const remsDue: Source = async (trx, now, auth, page) => {
  const zone = await getSetting(trx, 'clinic.timezone');
  return paged(trx, remsDueQuery(trx, auth, now.toISOString()), page, (s) => {
    const due = new Date(Date.parse(s.first_dose_at as string) + 7 * 86_400_000);
    const days = Math.ceil((due.getTime() - now.getTime()) / 86_400_000);
    return {
      id: `rems:${s.id}`,
      kind: 'rems_due',
      severity: days <= 2 ? 'urgent' : 'due',
      title: 'Esketamine REMS record to submit',
      detail:
        days >= 0
          ? `Due in ${days} day${days === 1 ? '' : 's'} (${dateWords(toLocal(due, zone).date)}).`
          : `Overdue by ${-days} day${days === -1 ? '' : 's'}.`,
      patientId: s.patient_id,
      patientName: patientName(s),
      link: `/app/patients/${s.patient_id}/sessions/${s.id}#rems`,
      at: due.toISOString(),
    };
  });
};
