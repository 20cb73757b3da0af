import { useQuery } from '@tanstack/react-query';
import { portalConsentResponse } from '../../../contracts/consent';
import { portalProfile } from '../../../contracts/patients';
import { api } from '../../lib/api';

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
