import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import { licence, type licenceBody, licenceList } from '../../../contracts/users';
import { api } from '../../lib/api';

export type Licence = z.infer<typeof licence>;

export const EXPIRY_WINDOW_DAYS = 60;

export function useExpiringLicences(days = EXPIRY_WINDOW_DAYS) {
  return useQuery({
    queryKey: ['admin', 'licences', 'expiring', days],
    queryFn: ({ signal }) =>
      api.get('/api/admin/licences/expiring', { query: { days }, schema: licenceList, signal }),
  });
}

export function useUserLicences(userId: string | null) {
  return useQuery({
    queryKey: ['admin', 'licences', 'user', userId],
    queryFn: ({ signal }) =>
      api.get(`/api/admin/users/${encodeURIComponent(userId ?? '')}/licences`, {
        schema: licenceList,
        signal,
      }),
    enabled: Boolean(userId),
  });
}

export function useLicenceActions(userId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'licences'] });
  const add = useMutation({
    mutationFn: (body: z.input<typeof licenceBody>) =>
      api.post(`/api/admin/users/${encodeURIComponent(userId)}/licences`, body, { schema: licence }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (licenceId: string) =>
      api.post(
        `/api/admin/users/${encodeURIComponent(userId)}/licences/${encodeURIComponent(licenceId)}/remove`,
        {},
        {
          schema: okSchema,
        },
      ),
    onSuccess: refresh,
  });
  return { add, remove };
}
