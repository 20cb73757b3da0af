import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  consentDocument,
  consentDocumentList,
  signatureList,
  type signatureSchema,
} from '../../../contracts/consent';
import { consentStatus } from '../../../contracts/patients';
import { api } from '../../lib/api';

export type ConsentDocument = z.infer<typeof consentDocument>;
export type Signature = z.infer<typeof signatureSchema>;

export const documentsKey = ['consent-documents'] as const;
/** A signature answer (defined inline by the API's routes, mirrored here). */
export const signedResponse = z.object({ id: z.string(), documentVersion: z.number() });
/** GET /api/portal/consent (composed inline in the API's routes from the contract's pieces). */
export const portalConsentResponse = z.object({
  document: consentDocument.nullable(),
  status: consentStatus,
  signatures: signatureList.shape.signatures,
});

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
