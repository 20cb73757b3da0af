import { instantWords } from '../../../../domain/scheduling/zone-words';
import { getSetting } from '../../../platform/settings';
import { emergencyWindowsSince } from '../../emergency';
import { type Source, type WorkItem, whole } from '../items';

/**
 * Emergency access windows (S17) for admins to review: open ones on top, then those of the last 7 days.
 * No patient name (admins do not read charts); the link opens the window's flagged audit entries.
 */
export const emergencyWindows: Source = async (trx, now, _auth, page) => {
  const zone = await getSetting(trx, 'clinic.timezone');
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const nowIso = now.toISOString();
  const all = (await emergencyWindowsSince(trx, since)).map((e) => {
    const open = !e.ended_at && e.expires_at > nowIso;
    return {
      id: `emergency:${e.id}`,
      kind: 'emergency_access',
      severity: open ? 'urgent' : 'due',
      title: open ? `Emergency access open: ${e.name}` : `Review emergency access by ${e.name}`,
      detail: open
        ? `Opened ${instantWords(e.opened_at, zone)}; closes ${instantWords(e.expires_at, zone)}. Every action is flagged in the audit log.`
        : `Opened ${instantWords(e.opened_at, zone)}; closed ${instantWords(e.ended_at ?? e.expires_at, zone)}.`,
      patientId: null,
      patientName: null,
      link: `/app/admin/audit?emergency=true&patientId=${e.patient_id}`,
      at: e.opened_at,
    } satisfies WorkItem;
  });
  // Windows still open first (urgent), then the week's closed ones, newest first.
  return whole(
    [...all.filter((e) => e.severity === 'urgent'), ...all.filter((e) => e.severity !== 'urgent')],
    page,
  );
};
