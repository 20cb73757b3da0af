import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiClient,
  apiClientIdParam,
  apiClientList,
  createApiClientBody,
  createdApiClient,
  exportFileParams,
  exportJobParams,
  exportRequestBody,
  exportStatus,
  patientExportFileParams,
  patientExportParams,
  portalTokenResponse,
} from '../../contracts/fhir';
import { patientIdParam } from '../../contracts/patients';
import type { AuthContext } from '../platform/auth-context';
import type { AppContext } from '../platform/context';
import { AppError, type ProblemCode } from '../platform/errors';
import { requireAuth } from '../platform/require-auth';
import { serviceOf } from '../platform/services';
import { ApiClientsService } from './clients';
import { ExportService, type FileRow, type JobRow } from './export/jobs';
import { sendFile } from './export/routes';
import { fhirBase } from './http';
import { FhirError } from './outcome';

/**
 * The /api side of open data (problem+json errors, like the rest of /api): admins' API clients, a patient's
 * own FHIR token and whole-record export from the portal, and staff exports on request (recipient and
 * purpose recorded as a disclosure).
 */
const PROBLEM_BY_STATUS: Record<number, ProblemCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'bad_request',
  409: 'conflict',
};

/** FHIR-layer errors raised by shared services, as the API's problems. */
async function problems<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof FhirError)
      throw new AppError(PROBLEM_BY_STATUS[err.status] ?? 'internal', err.issues[0]?.details?.text);
    throw err;
  }
}

const PATIENT_RECIPIENT = 'The patient (self-service download from the portal)';
const PATIENT_PURPOSE = 'Patient access to their own record (HIPAA right of access, 45 CFR 164.524)';

function presentStatus(
  job: JobRow,
  files: FileRow[],
  fileUrl: (name: string) => string,
): z.infer<typeof exportStatus> {
  return {
    id: job.id,
    status: job.status as 'completed',
    progress: job.progress,
    createdAt: job.created_at,
    completedAt: job.completed_at,
    expiresAt: job.expires_at,
    recipient: job.recipient,
    purpose: job.purpose,
    files: files.map((f) => ({
      name: f.name,
      type: f.resource_type,
      contentType: f.content_type,
      count: Number(f.count),
      bytes: Number(f.bytes),
      url: fileUrl(f.name),
    })),
  };
}

export function registerFhirApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const clients = serviceOf(ctx, ApiClientsService);
  const exports = serviceOf(ctx, ExportService);
  app.addHook('onClose', async () => exports.drain());
  const base = (request: FastifyRequest) => fhirBase(request, ctx);

  // ── API clients (admin) ────────────────────────────────────────────────────────────────────────────
  const admin = ['admin'];
  r.get(
    '/api/admin/api-clients',
    {
      config: { access: 'users.read' },
      schema: {
        tags: admin,
        summary: 'FHIR API clients (secrets are never shown again)',
        response: { 200: apiClientList },
      },
    },
    async (request) => ({ clients: await clients.list(requireAuth(request)) }),
  );

  r.post(
    '/api/admin/api-clients',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: admin,
        summary: 'Issue an API client (client credentials with SMART scopes); the secret is shown once',
        body: createApiClientBody,
        response: { 201: createdApiClient },
      },
    },
    async (request, reply) => {
      const created = await clients.create(requireAuth(request), request.body);
      const fhirBaseUrl = base(request);
      return reply.status(201).send({ ...created, tokenUrl: `${fhirBaseUrl}/auth/token`, fhirBaseUrl });
    },
  );

  r.post(
    '/api/admin/api-clients/:id/revoke',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: admin,
        summary: 'Revoke an API client and every token it holds',
        params: apiClientIdParam,
        response: { 200: apiClient },
      },
    },
    async (request) => clients.revoke(requireAuth(request), request.params.id),
  );

  // ── The patient's own record (portal) ───────────────────────────────────────────────────────────────
  const portal = ['portal'];
  const own = (auth: AuthContext) => {
    if (!auth.patientId) throw new AppError('forbidden');
    return auth.patientId;
  };
  r.post(
    '/api/portal/fhir-token',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: portal,
        summary: 'A one-hour FHIR token that reads only my record (to connect an app)',
        response: { 201: portalTokenResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ ...(await clients.portalToken(requireAuth(request))), fhirBaseUrl: base(request) }),
  );

  r.post(
    '/api/portal/fhir-token/revoke',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: portal,
        summary: 'End every FHIR token I issued',
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => clients.revokePortalTokens(requireAuth(request)),
  );

  r.post(
    '/api/portal/export',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: portal,
        summary: 'Download my whole record: FHIR NDJSON files and a readable PDF summary (starts a job)',
        response: { 202: exportStatus },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const job = await problems(() =>
        exports.kickOff(auth, {
          level: 'patient',
          patientId: own(auth),
          types: null,
          since: null,
          withPdf: true,
          recipient: PATIENT_RECIPIENT,
          purpose: PATIENT_PURPOSE,
          requestUrl: request.url,
        }),
      );
      return reply
        .status(202)
        .header('content-location', `/api/portal/export/${job.id}`)
        .send(presentStatus(job, [], () => ''));
    },
  );

  r.get(
    '/api/portal/export/:jobId',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: portal,
        summary: 'My export: progress, then its files',
        params: exportJobParams,
        response: { 200: exportStatus },
      },
    },
    async (request) => {
      const { job, files } = await problems(() => exports.status(requireAuth(request), request.params.jobId));
      return presentStatus(job, files, (name) => `/api/portal/export/${job.id}/files/${name}`);
    },
  );

  r.get(
    '/api/portal/export/:jobId/files/:name',
    {
      config: { access: 'portal.self', patientData: true },
      schema: { tags: portal, summary: 'One file of my export', params: exportFileParams },
    },
    async (request, reply) =>
      sendFile(
        reply,
        ctx,
        await problems(() => exports.file(requireAuth(request), request.params.jobId, request.params.name)),
        'attachment',
      ),
  );

  // ── Staff: a patient's record on request (a disclosure) ─────────────────────────────────────────────
  const tags = ['patients'];
  const jobOf = async (auth: AuthContext, patientId: string, jobId: string) => {
    const s = await problems(() => exports.status(auth, jobId));
    if (s.job.patient_id !== patientId) throw new AppError('not_found', 'The export was not found.');
    return s;
  };
  r.post(
    '/api/patients/:patientId/export',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: "Export a patient's whole record for a recipient and purpose (FHIR NDJSON + PDF summary)",
        params: patientIdParam,
        body: exportRequestBody,
        response: { 202: exportStatus },
      },
    },
    async (request, reply) => {
      const { patientId } = request.params;
      const job = await problems(() =>
        exports.kickOff(requireAuth(request), {
          level: 'patient',
          patientId,
          types: null,
          since: null,
          withPdf: true,
          recipient: request.body.recipient,
          purpose: request.body.purpose,
          requestUrl: request.url,
        }),
      );
      return reply
        .status(202)
        .header('content-location', `/api/patients/${patientId}/export/${job.id}`)
        .send(presentStatus(job, [], () => ''));
    },
  );

  r.get(
    '/api/patients/:patientId/export/:jobId',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'Progress and files of a record export (only the staff member who asked)',
        params: patientExportParams,
        response: { 200: exportStatus },
      },
    },
    async (request) => {
      const { patientId, jobId } = request.params;
      const { job, files } = await jobOf(requireAuth(request), patientId, jobId);
      return presentStatus(job, files, (name) => `/api/patients/${patientId}/export/${job.id}/files/${name}`);
    },
  );

  r.get(
    '/api/patients/:patientId/export/:jobId/files/:name',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: { tags, summary: 'One file of a record export', params: patientExportFileParams },
    },
    async (request, reply) => {
      const { patientId, jobId, name } = request.params;
      await jobOf(requireAuth(request), patientId, jobId);
      return sendFile(
        reply,
        ctx,
        await problems(() => exports.file(requireAuth(request), jobId, name)),
        'attachment',
      );
    },
  );
}
