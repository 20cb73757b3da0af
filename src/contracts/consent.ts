import { z } from 'zod';
import { text } from './common';
import { consentStatus } from './patients';

export const consentDocument = z.object({
  id: z.string(),
  kind: z.string(),
  version: z.number(),
  title: z.string(),
  body: z.string(),
  bodyHash: z.string(),
  createdAt: z.string(),
});
export const consentDocumentList = z.object({ documents: z.array(consentDocument) });
export const newConsentVersionBody = z.object({ title: text(200), body: text(60_000, 50) });

export const signatureSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentVersion: z.number(),
  signedName: z.string(),
  method: z.enum(['portal', 'in_clinic']),
  witnessName: z.string().nullable(),
  signedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** The stored hash still matches the document text that was signed. */
  integrityOk: z.boolean(),
  isCurrentVersion: z.boolean(),
});
export const signatureList = z.object({ signatures: z.array(signatureSchema) });
/** A signature answer: the new signature and the version of the document it signs. */
export const signedResponse = z.object({ id: z.string(), documentVersion: z.number() });
/** GET /api/portal/consent: the current consent, the patient's status and their signatures. */
export const portalConsentResponse = z.object({
  document: consentDocument.nullable(),
  status: consentStatus,
  signatures: signatureList.shape.signatures,
});

export const portalSignBody = z.object({
  documentId: z.uuid(),
  signedName: text(160),
  agree: z.literal(true, { message: 'Tick the box to confirm that you agree' }),
});
export const inClinicSignBody = z.object({
  documentId: z.uuid(),
  signedName: text(160),
  witnessUserId: z.uuid(),
});
export const revokeBody = z.object({ reason: text(1000) });
export const signatureIdParam = z.object({ signatureId: z.uuid() });
export const patientSignatureParams = z.object({ patientId: z.uuid(), signatureId: z.uuid() });
