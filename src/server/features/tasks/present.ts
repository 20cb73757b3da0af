import { CARE_TASK_KIND_LABELS, type CareTask } from '../../../contracts/tasks';
import type { CareTaskListRow } from './repository';

/** Where a task is worked: the shared journal entry in the chart, the message thread, or the chart itself. */
export function careTaskLink(t: {
  patient_id: string;
  source_type: string | null;
  source_id: string | null;
}) {
  if (t.source_type === 'journal_entry' && t.source_id)
    return `/app/patients/${t.patient_id}#journal-entry-${t.source_id}`;
  if (t.source_type === 'message_thread' && t.source_id) return `/app/messages/${t.source_id}`;
  return `/app/patients/${t.patient_id}`;
}

export const careTaskKindLabel = (kind: string): string =>
  (CARE_TASK_KIND_LABELS as Record<string, string>)[kind] ?? kind;

const SOURCE_TYPES = ['journal_entry', 'message_thread'] as const;

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? 'Unknown user' } : null);

export function presentCareTask(t: CareTaskListRow): CareTask {
  const type = SOURCE_TYPES.find((x) => x === t.source_type) ?? null;
  const source = type && t.source_id ? { type, id: t.source_id } : null;
  return {
    id: t.id,
    patient: {
      id: t.patient_id,
      name: `${t.preferred_name ?? t.first_name} ${t.last_name}`,
      chartNumber: t.chart_number,
    },
    kind: t.kind,
    kindLabel: careTaskKindLabel(t.kind),
    urgent: Boolean(Number(t.urgent)),
    title: t.title,
    link: careTaskLink(t),
    source,
    state: t.state === 'resolved' ? 'resolved' : 'open',
    assignedTo: person(t.assigned_to, t.assigned_name),
    openedBy: person(t.opened_by, t.opened_name),
    openedAt: t.opened_at,
    resolvedBy: person(t.resolved_by, t.resolved_name),
    resolvedAt: t.resolved_at,
    outcome: t.outcome,
  };
}
