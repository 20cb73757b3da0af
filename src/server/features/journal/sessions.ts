import type { JournalEntryOut } from '../../../contracts/journal';
import type { JournalSessionRef } from '../../../domain/journal';
import type { Executor } from '../../db/dialect';
import type { SessionIndex } from './present';
import * as repo from './repository';

/** A patient's preparation times and dosing sessions (in clinic and at home), as the prompts need them. */
export async function courseSessions(db: Executor, patientId: string) {
  const visits = await repo.visitsForPrompts(db, patientId);
  const home = await repo.atHomeForPrompts(db, patientId);
  const homeAppointments = new Set(home.map((h) => h.appointment_id).filter(Boolean));
  const dosings: (JournalSessionRef & { courseId: string | null })[] = [
    ...visits
      .filter((v) => v.category === 'dosing' && !homeAppointments.has(v.id))
      .map((v) => ({
        type: 'appointment' as const,
        id: v.id,
        startsAt: v.starts_at,
        setting: 'in_clinic' as const,
        courseId: v.course_id,
      })),
    // An at-home session closed before any dose was taken (cancelled) prompts nothing more once past.
    ...home
      .filter((h) => !(h.state === 'closed' && !h.dose_taken_at))
      .map((h) => ({
        type: 'at_home_session' as const,
        id: h.id,
        startsAt: h.starts_at,
        setting: 'at_home' as const,
        courseId: h.course_id,
      })),
  ].sort((a, b) => (a.startsAt < b.startsAt ? -1 : 1));
  const preparations = visits.filter((v) => v.category === 'preparation').map((v) => v.starts_at);
  const all = new Map<string, JournalSessionRef & { courseId: string | null }>();
  for (const d of dosings) all.set(`${d.type}:${d.id}`, d);
  const index: SessionIndex = {
    get(type, id): JournalEntryOut['session'] {
      const s = type && id ? all.get(`${type}:${id}`) : undefined;
      return s ? { type: s.type, id: s.id, startsAt: s.startsAt, setting: s.setting } : null;
    },
  };
  return { dosings, preparations, index, byKey: all };
}
