import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type assignmentSchema,
  type instrumentForm,
  instrumentList,
  patientMeasures,
  portalForm,
  portalMeasureList,
  type responseSchema,
  safetyTaskList,
  safetyTaskSchema,
  type trendSchema,
} from '../../../contracts/measures';
import { type workItem, worklistResponse, type worklistSection } from '../../../contracts/worklist';
import { api } from '../../lib/api';

export type Instrument = z.infer<typeof instrumentForm>;
export type FormItem = Instrument['items'][number];
export type Assignment = z.infer<typeof assignmentSchema>;
export type MeasureResponse = z.infer<typeof responseSchema>;
export type Trend = z.infer<typeof trendSchema>;
export type SafetyTask = z.infer<typeof safetyTaskSchema>;
export type PatientMeasures = z.infer<typeof patientMeasures>;
export type Answers = Record<string, number | boolean | null>;

/** Under the chart's key, so one invalidation of ['patients', id] refreshes the whole chart. */
export const measuresKey = (patientId: string) => ['patients', patientId, 'measures'] as const;
export const safetyTasksKey = ['safety-tasks'] as const;
export const worklistKey = ['worklist'] as const;
export const instrumentsKey = ['instruments'] as const;
export const portalMeasuresKey = ['portal', 'measures'] as const;

export const measuresPath = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}/measures`;

export function useInstruments() {
  return useQuery({
    queryKey: instrumentsKey,
    queryFn: ({ signal }) => api.get('/api/instruments', { schema: instrumentList, signal }),
    staleTime: 5 * 60_000,
  });
}

export function usePatientMeasures(patientId: string) {
  return useQuery({
    queryKey: measuresKey(patientId),
    queryFn: ({ signal }) => api.get(measuresPath(patientId), { schema: patientMeasures, signal }),
  });
}

/** Open safety tasks across the clinic (the top of Today), emergencies first, then the oldest. */
export function useOpenSafetyTasks(enabled: boolean) {
  return useQuery({
    queryKey: [...safetyTasksKey, 'open'],
    queryFn: ({ signal }) =>
      api.get('/api/safety-tasks', { query: { status: 'open' }, schema: safetyTaskList, signal }),
    enabled,
    refetchInterval: 60_000,
  });
}

export type WorkItem = z.infer<typeof workItem>;
export type WorklistSection = z.infer<typeof worklistSection>;

export function useWorklist(enabled: boolean) {
  return useQuery({
    queryKey: worklistKey,
    queryFn: ({ signal }) => api.get('/api/worklist', { schema: worklistResponse, signal }),
    enabled,
    refetchInterval: 60_000,
  });
}

/** Further pages of worklist sections the user asked to see more of (refreshed with the worklist). */
export function useWorklistPages(pages: { key: string; offset: number }[]) {
  return useQueries({
    queries: pages.map((p) => ({
      queryKey: [...worklistKey, p.key, p.offset],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get('/api/worklist', {
          query: { section: p.key, offset: p.offset },
          schema: worklistResponse,
          signal,
        }),
      refetchInterval: 60_000,
    })),
  });
}

/** Closing a safety task: the documented follow-up is required (the server refuses an empty one). */
export function useResolveSafetyTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, followUp }: { id: string; followUp: string }) =>
      api.post(
        `/api/safety-tasks/${encodeURIComponent(id)}/resolve`,
        { followUp },
        { schema: z.object({ task: safetyTaskSchema, openSafetyTask: z.boolean() }) },
      ),
    onSuccess: ({ task }) => {
      void queryClient.invalidateQueries({ queryKey: safetyTasksKey });
      void queryClient.invalidateQueries({ queryKey: worklistKey });
      void queryClient.invalidateQueries({ queryKey: ['patients', task.patient.id] });
    },
  });
}

export function usePortalMeasures() {
  return useQuery({
    queryKey: portalMeasuresKey,
    queryFn: ({ signal }) => api.get('/api/portal/measures', { schema: portalMeasureList, signal }),
    // Progress changes with every saved answer: always ask again when the home page opens.
    staleTime: 0,
  });
}

export function usePortalForm(assignmentId: string) {
  return useQuery({
    queryKey: ['portal', 'measure-form', assignmentId],
    queryFn: ({ signal }) =>
      api.get(`/api/portal/measures/${encodeURIComponent(assignmentId)}`, { schema: portalForm, signal }),
    // The saved answers are the source of truth on resume: always ask the server again.
    staleTime: 0,
    gcTime: 0,
  });
}

/** "Jordan Lee" or "Jordan (Jo) Lee", for staff lists. */
export function patientName(p: SafetyTask['patient']): string {
  return p.preferredName && p.preferredName !== p.firstName
    ? `${p.firstName} (${p.preferredName}) ${p.lastName}`
    : `${p.firstName} ${p.lastName}`;
}

/**
 * Where the chart opens on its measures tab. The worklist API links to `/app/patients/:id#measures`; the
 * chart selects tabs from `?tab=`, so both are given.
 */
export const chartMeasuresLink = (patientId: string) =>
  `/app/patients/${encodeURIComponent(patientId)}?tab=measures#measures`;

/** Worklist links that point at a chart's measures, rewritten so the chart opens on that tab. */
export function worklistHref(link: string): string {
  const m = /^\/app\/patients\/([^/?#]+)#measures$/.exec(link);
  return m?.[1] ? chartMeasuresLink(decodeURIComponent(m[1])) : link;
}
