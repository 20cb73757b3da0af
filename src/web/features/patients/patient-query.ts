import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

export function useChart(id: string) {
  return useQuery({
    queryKey: patientKey(id),
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(id)}`, { schema: patientChart, signal }),
  });
}

export function useScreening(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...patientKey(id), 'screening'],
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(id)}/screening`, { schema: screeningResponse, signal }),
    enabled,
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
