import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type consentDocument,
  consentDocumentList,
  signatureList,
  type signatureSchema,
} from '../../../contracts/consent';
import { api } from '../../lib/api';

export type ConsentDocument = z.infer<typeof consentDocument>;
export type Signature = z.infer<typeof signatureSchema>;

export const documentsKey = ['consent-documents'] as const;

/** Staff see every version, newest first; a patient sees only the current one. */
export function useConsentDocuments(enabled = true) {
  return useQuery({
    queryKey: documentsKey,
    queryFn: ({ signal }) => api.get('/api/consent/documents', { schema: consentDocumentList, signal }),
    enabled,
  });
}

export function usePatientSignatures(patientId: string) {
  return useQuery({
    queryKey: ['patients', patientId, 'consents'],
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(patientId)}/consents`, { schema: signatureList, signal }),
  });
}
