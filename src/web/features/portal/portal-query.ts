import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../lib/api';
import { portalConsentResponse } from '../consent/consent-query';

/** GET /api/portal/profile (its schema is defined inline in the API's portal routes, mirrored here). */
export const portalProfile = z.object({
  chartNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  state: z.string(),
  city: z.string().nullable(),
});

export const portalConsentKey = ['portal', 'consent'] as const;

export function usePortalProfile() {
  return useQuery({
    queryKey: ['portal', 'profile'],
    queryFn: ({ signal }) => api.get('/api/portal/profile', { schema: portalProfile, signal }),
  });
}

export function usePortalConsent() {
  return useQuery({
    queryKey: portalConsentKey,
    queryFn: ({ signal }) => api.get('/api/portal/consent', { schema: portalConsentResponse, signal }),
  });
}
