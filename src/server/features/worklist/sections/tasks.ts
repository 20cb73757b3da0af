import { careTaskLink, openCareTasksQuery } from '../../tasks';
import { openable, paged, patientName, type Source } from '../items';

/**
 * Care tasks on Today (issue #17): urgent ones (crisis language the patient shared or sent) on top in red,
 * routine ones (a thread to follow up) below; each stays until a clinician documents the follow-up.
 */
export const careTasks: Source = (trx, now, auth, page) =>
  paged(trx, openCareTasksQuery(trx, openable(auth, now)), page, (t) => ({
    id: `care-task:${t.id}`,
    kind: 'care_task',
    severity: Number(t.urgent) ? 'urgent' : 'due',
    title: t.title,
    detail: t.assigned_name ? `Handled by ${t.assigned_name}.` : 'Not yet taken by anyone.',
    patientId: t.patient_id,
    patientName: patientName(t),
    link: careTaskLink(t),
    at: t.opened_at,
  }));
