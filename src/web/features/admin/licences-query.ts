import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import { stateSchema } from '../../../contracts/patients';
import { api } from '../../lib/api';

/**
 * Staff licences. The API defines these schemas inside its route file (src/server/features/users/licences.ts)
 * rather than in src/contracts, so they are mirrored here; keep the two in step.
 */
export const LICENCE_TYPES = [
  'MD',
  'DO',
  'NP',
  'PA',
  'RN',
  'LPN',
  'PsyD',
  'PhD',
  'LCSW',
  'LMFT',
  'LPC',
  'DEA',
  'other',
] as const;
export const licence = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  state: z.string(),
  licenceType: z.string(),
  number: z.string(),
  expiresOn: z.string(),
  daysLeft: z.number(),
});
export type Licence = z.infer<typeof licence>;
export const licenceBody = z.object({
  state: stateSchema,
  licenceType: z.enum(LICENCE_TYPES, { message: 'Choose a licence type' }),
  number: z.string().trim().min(1, 'Enter the licence number').max(40),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the expiry date'),
});
const licenceList = z.object({ licences: z.array(licence) });

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
