import { dateWords } from '../../../../domain/scheduling/zone-words';
import { openAssignmentsQuery, openSafetyTasksQuery, withPatientName } from '../../measures';
import { COUNT_CAP, openable, paged, patientName, type Source, type WorkItem } from '../items';

/** Measures on Today: safety follow-ups and questionnaires due. */

export const safetyTasks: Source = (trx, now, auth, page) =>
  paged(trx, openSafetyTasksQuery(trx, openable(auth, now)), page, (t) => ({
    id: `safety:${t.id}`,
    kind: 'safety_task',
    severity: 'urgent',
    title: t.level === 'emergency' ? 'Emergency safety follow-up' : 'Urgent safety follow-up',
    detail: t.message,
    patientId: t.patient_id,
    patientName: patientName(t),
    link: `/app/patients/${t.patient_id}?tab=measures`,
    at: t.created_at,
  }));

/**
 * Open assignments, due longest ago first. One query per open status, each reading the (status, due_on) index
 * in order and stopping at the end of the page, then merged: with `status in (…)` the database had to fetch
 * and sort every open assignment of the clinic (7,652 at 5,000 patients, ~23 ms on SQLite) to keep a page.
 */
export const measuresDue: Source = async (trx, now, auth, page) => {
  const today = now.toISOString().slice(0, 10);
  const open = [];
  let total = 0;
  let atLeast = false;
  for (const status of ['due', 'in_progress']) {
    const rows = openAssignmentsQuery(trx, status, today, openable(auth, now));
    const part = await paged(
      trx,
      withPatientName(rows),
      { offset: 0, limit: page.offset + page.limit },
      (a) => {
        const overdue = a.overdue_on <= today;
        return {
          id: `measure:${a.id}`,
          kind: 'measure_due',
          severity: overdue ? 'due' : 'info',
          title: `${a.instrument_id.toUpperCase()} ${overdue ? 'overdue' : 'due'}`,
          detail: `Due ${dateWords(a.due_on)}.`,
          patientId: a.patient_id,
          patientName: patientName(a),
          link: `/app/patients/${a.patient_id}?tab=measures`,
          at: a.due_on,
        } satisfies WorkItem;
      },
      rows, // counted without the names: up to 1,001 index entries, no patient rows
    );
    open.push(...part.items);
    total += part.total;
    atLeast ||= part.atLeast;
  }
  open.sort((x, y) => (x.at ?? '').localeCompare(y.at ?? '') || x.id.localeCompare(y.id));
  return {
    items: open.slice(page.offset, page.offset + page.limit),
    total: Math.min(total, COUNT_CAP),
    atLeast: atLeast || total > COUNT_CAP,
  };
};
