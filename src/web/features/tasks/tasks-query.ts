import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CareTask, careTaskList, careTaskResult } from '../../../contracts/tasks';
import { api } from '../../lib/api';
import { worklistKey } from '../measures/measures-query';

export type { CareTask };
export const careTasksKey = ['care-tasks'] as const;

/** Open care tasks across the patients the user may open (Today), urgent first. */
export function useOpenCareTasks(enabled: boolean) {
  return useQuery({
    queryKey: [...careTasksKey, 'open'],
    queryFn: ({ signal }) =>
      api.get('/api/care-tasks', { query: { state: 'open' }, schema: careTaskList, signal }),
    enabled,
    refetchInterval: 60_000,
  });
}

/** One patient's care tasks, open and resolved (the chart). */
export function usePatientCareTasks(patientId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...careTasksKey, 'patient', patientId],
    queryFn: ({ signal }) =>
      api.get('/api/care-tasks', { query: { state: 'all', patientId }, schema: careTaskList, signal }),
    enabled,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: careTasksKey });
    void qc.invalidateQueries({ queryKey: worklistKey });
  };
}

/** Closing a care task: the documented follow-up is required (the server refuses an empty one). */
export function useResolveCareTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, outcome }: { id: string; outcome: string }) =>
      api.post(`/api/care-tasks/${encodeURIComponent(id)}/resolve`, { outcome }, { schema: careTaskResult }),
    onSuccess: refresh,
  });
}

/** Taking a task (one's own id) or giving it to nobody (null). */
export function useAssignCareTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, userId }: { id: string; userId: string | null }) =>
      api.post(`/api/care-tasks/${encodeURIComponent(id)}/assign`, { userId }, { schema: careTaskResult }),
    onSuccess: refresh,
  });
}

/** Words for where the task is worked, for its link. */
export const sourceWords = (t: CareTask) =>
  t.source?.type === 'journal_entry'
    ? 'Open the shared journal entry'
    : t.source?.type === 'message_thread'
      ? 'Open the message thread'
      : 'Open the chart';
