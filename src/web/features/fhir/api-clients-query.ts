import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiClientList } from '../../../contracts/fhir';
import { api } from '../../lib/api';

export const apiClientsKey = ['admin', 'api-clients'] as const;

export function useApiClients() {
  return useQuery({
    queryKey: apiClientsKey,
    queryFn: ({ signal }) => api.get('/api/admin/api-clients', { schema: apiClientList, signal }),
  });
}

/** The server's SMART discovery document: the scopes it grants (and so the resource types it serves). */
const smartConfiguration = z.object({
  token_endpoint: z.string(),
  scopes_supported: z.array(z.string()),
});

export interface ScopeChoices {
  /** `system`, `user`, `patient`: the contexts offered as `<context>/*.read`. */
  contexts: string[];
  /** Resource types with a scope of their own, in the server's order. */
  types: string[];
  tokenEndpoint: string;
}

export function scopeChoices(supported: string[]): Omit<ScopeChoices, 'tokenEndpoint'> {
  const contexts = supported.flatMap((s) => /^(\w+)\/\*\.read$/.exec(s)?.[1] ?? []);
  const types = [...new Set(supported.flatMap((s) => /^\w+\/([A-Z][A-Za-z]+)\.read$/.exec(s)?.[1] ?? []))];
  return { contexts, types };
}

export function useScopeChoices() {
  return useQuery({
    queryKey: ['fhir', 'smart-configuration'],
    queryFn: async ({ signal }): Promise<ScopeChoices> => {
      const doc = await api.get('/fhir/R4/.well-known/smart-configuration', {
        schema: smartConfiguration,
        signal,
      });
      return { ...scopeChoices(doc.scopes_supported), tokenEndpoint: doc.token_endpoint };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
