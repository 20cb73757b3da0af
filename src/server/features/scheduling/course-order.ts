import {
  type AppointmentStatus,
  followWindow,
  formatLocal,
  type VisitCategory,
} from '../../../domain/scheduling';
import type * as ref from './reference-repository';
import type * as repo from './repository';

/**
 * For a visit whose type follows the dosing visit (integration): the dosing visits it must stay between, as the
 * window new times are offered in, and in words for the patient (the visits' patient labels never name a drug).
 */
export function courseOrder(row: repo.ListedAppointment, type: ref.TypeDef, mine: repo.ListedAppointment[]) {
  if (!type.afterDosing) return { window: null, follows: null };
  const window = followWindow(
    { id: row.id, startsAt: row.starts_at, courseId: row.course_id },
    mine.map((a) => ({
      id: a.id,
      category: a.type_category as VisitCategory,
      status: a.status as AppointmentStatus,
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      courseId: a.course_id,
    })),
  );
  const byId = (id: string | undefined) => mine.find((a) => a.id === id);
  const words = (a: repo.ListedAppointment | undefined) =>
    a ? { label: a.patient_label, when: formatLocal(a.starts_at, a.timezone), endsAt: a.ends_at } : null;
  const after = words(byId(window.after?.id));
  const before = words(byId(window.before?.id));
  return { window, follows: after || before ? { after, before } : null };
}
