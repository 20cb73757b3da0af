import { urgentThreadsQuery } from '../../messages';
import { openable, paged, patientName, type Source } from '../items';

/** Messages with crisis language not yet followed up (issue #17): red, with no message text. */
export const urgentMessages: Source = (trx, now, auth, page) =>
  paged(trx, urgentThreadsQuery(trx, openable(auth, now)), page, (t) => ({
    id: `message:${t.id}`,
    kind: 'message_urgent',
    severity: 'urgent',
    title: 'Urgent message: crisis language',
    detail: 'Read the thread, contact the patient and mark it followed up.',
    patientId: t.patient_id,
    patientName: patientName(t),
    link: `/app/messages/${t.id}`,
    at: t.last_message_at,
  }));
