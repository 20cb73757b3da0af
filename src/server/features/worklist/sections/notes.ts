import { dateWords } from '../../../../domain/scheduling/zone-words';
import { draftNotesQuery } from '../../courses';
import { paged, patientName, type Source } from '../items';

/** The user's unsigned therapy notes on Today. */
export const draftNotes: Source = (trx, now, auth, page) =>
  paged(trx, draftNotesQuery(trx, auth, now.toISOString()), page, (n) => ({
    id: `note:${n.id}`,
    kind: 'note_unsigned',
    severity: 'due',
    title: `Unsigned ${n.kind} note`,
    detail: `Session of ${dateWords(n.session_date)}.`,
    patientId: n.patient_id,
    patientName: patientName(n),
    link: `/app/patients/${n.patient_id}/notes/${n.id}`,
    at: n.session_date,
  }));
