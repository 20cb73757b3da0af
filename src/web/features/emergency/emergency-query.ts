import { useQuery } from '@tanstack/react-query';
import { confidentialState, myEmergencyGrants } from '../../../contracts/emergency';
import { api } from '../../lib/api';

export const myGrantsKey = ['emergency-access', 'mine'] as const;
export const confidentialKey = (patientId: string) => ['patients', patientId, 'confidential'] as const;

/** The signed-in user's open emergency windows (for the chart banner). */
export function useMyGrants(enabled: boolean) {
  return useQuery({
    queryKey: myGrantsKey,
    queryFn: ({ signal }) => api.get('/api/emergency-access', { schema: myEmergencyGrants, signal }),
    enabled,
  });
}

export function useConfidential(patientId: string) {
  return useQuery({
    queryKey: confidentialKey(patientId),
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(patientId)}/confidential`, {
        schema: confidentialState,
        signal,
      }),
  });
}
