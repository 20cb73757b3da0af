import { z } from 'zod';
import { text } from './common';

/** Open data (issue #7): API clients, patient tokens, record exports, and the FHIR routes' loose shapes. */

/** SMART-style read scopes: system/*.read, user/Observation.read, patient/*.read (v2 `.rs` too). */
export const smartScope = z
  .string()
  .trim()
  .max(80)
  .regex(
    /^(system|user|patient)\/(\*|[A-Z][A-Za-z]+)\.(read|\*|[cruds]+)$/,
    'Use a scope such as system/*.read or user/Observation.read',
  );

export const createApiClientBody = z
  .object({
    name: text(120),
    scopes: z.array(smartScope).min(1, 'Grant at least one scope').max(40),
    /** user/ scopes: the staff account the client acts for. */
    userId: z.uuid().optional(),
    /** patient/ scopes: the only patient the client may see. */
    patientId: z.uuid().optional(),
  })
  .refine((b) => !(b.userId && b.patientId), {
    message: 'Bind a client to a staff account or to a patient, not both',
    path: ['patientId'],
  });

export const apiClient = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  userId: z.string().nullable(),
  patientId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastTokenAt: z.string().nullable(),
});
export const apiClientList = z.object({ clients: z.array(apiClient) });
export const createdApiClient = z.object({
  client: apiClient,
  /** Shown once: only its hash is kept. */
  clientSecret: z.string(),
  tokenUrl: z.string(),
  fhirBaseUrl: z.string(),
});
export const apiClientIdParam = z.object({ id: z.uuid() });

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number(),
  scope: z.string(),
  patient: z.string().optional(),
});
export const portalTokenResponse = tokenResponse.extend({ fhirBaseUrl: z.string() });

export const exportRequestBody = z.object({
  /** Who receives the record (e.g. "the patient, by e-mail", "Dr. Lee, Bay Psychiatry") */
  recipient: text(200),
  /** Why (e.g. "patient request", "continuity of care", "legal request"). */
  purpose: text(300),
});

export const exportFile = z.object({
  name: z.string(),
  type: z.string().nullable(),
  contentType: z.string(),
  count: z.number(),
  bytes: z.number(),
  url: z.string(),
});
export const exportStatus = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'in-progress', 'completed', 'failed']),
  progress: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  expiresAt: z.string(),
  recipient: z.string(),
  purpose: z.string(),
  files: z.array(exportFile),
});
export const exportJobParams = z.object({ jobId: z.uuid() });
export const exportFileParams = z.object({
  jobId: z.uuid(),
  name: z.string().regex(/^[A-Za-z]{1,40}\.(ndjson|pdf)$/, 'A file name from the export manifest'),
});
export const patientExportParams = z.object({ patientId: z.uuid(), jobId: z.uuid() });
export const patientExportFileParams = patientExportParams.extend({ name: exportFileParams.shape.name });

/** FHIR responses are documented, not re-validated field by field: the presenters are typed and tested. */
export const fhirResource = z.looseObject({ resourceType: z.string() });
export const fhirIdParam = z.object({ id: z.string().max(200) });
