import { keepPreviousData, notifyManager, type QueryClient, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type PATIENT_STATUSES,
  patientChart,
  patientListResponse,
  screeningResponse,
} from '../../../contracts/patients';
import { staffResponse } from '../../../contracts/users';
import { api } from '../../lib/api';

export type Chart = z.infer<typeof patientChart>;
export type Screening = z.infer<typeof screeningResponse>;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

/** Every query about one patient lives under this key, so one invalidation refreshes the whole chart. */
export const patientKey = (id: string) => ['patients', id] as const;
export const PAGE_SIZE = 25;

export type StaffMember = z.infer<typeof staffResponse>['staff'][number];

export function usePatients(q: string, status: PatientStatus | undefined, page: number) {
  return useQuery({
    queryKey: ['patients', 'list', q, status ?? 'all', page],
    queryFn: ({ signal }) =>
      api.get('/api/patients', {
        query: { q: q || undefined, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        schema: patientListResponse,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

const screeningKey = (id: string) => [...patientKey(id), 'screening'] as const;

function fetchChart(id: string, signal?: AbortSignal) {
  return api.get(`/api/patients/${encodeURIComponent(id)}`, { schema: patientChart, signal });
}

function fetchScreening(id: string, signal?: AbortSignal) {
  return api.get(`/api/patients/${encodeURIComponent(id)}/screening`, { schema: screeningResponse, signal });
}

export function useChart(id: string) {
  return useQuery({ queryKey: patientKey(id), queryFn: ({ signal }) => fetchChart(id, signal) });
}

export function useScreening(id: string, enabled: boolean) {
  return useQuery({
    queryKey: screeningKey(id),
    queryFn: ({ signal }) => fetchScreening(id, signal),
    enabled,
  });
}

/**
 * After a change that moves the screening status (a decision, an intake edit), the chart's header and the
 * screening tab show it from two answers. Fetch both, then put both in the cache in one batch, so the two
 * badges change in the same render and never disagree; the rest of the patient's queries refresh as usual.
 */
export async function refreshChartAndScreening(queryClient: QueryClient, id: string): Promise<void> {
  const withScreening = queryClient.getQueryState(screeningKey(id)) !== undefined;
  try {
    const [chart, screening] = await Promise.all([
      fetchChart(id),
      withScreening ? fetchScreening(id) : Promise.resolve(undefined),
    ]);
    notifyManager.batch(() => {
      queryClient.setQueryData(patientKey(id), chart);
      if (screening) queryClient.setQueryData(screeningKey(id), screening);
    });
  } catch {
    // A failed read falls back to the ordinary refresh below, which shows its own error.
    await queryClient.invalidateQueries({ queryKey: patientKey(id) });
    return;
  }
  await queryClient.invalidateQueries({
    queryKey: patientKey(id),
    predicate: (q) => q.queryKey.length > 2 && q.queryKey[2] !== 'screening',
  });
}

/** Active staff for the care-team and witness pickers. */
export function useStaff(enabled = true) {
  return useQuery({
    queryKey: ['staff'],
    queryFn: ({ signal }) => api.get('/api/staff', { schema: staffResponse, signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}
