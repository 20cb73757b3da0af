import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportFileParams, exportJobParams } from '../../../contracts/fhir';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { FHIR_PREFIX, fhirBase, rawQuery } from '../http';
import { badRequest, FHIR_JSON, FhirError, issue } from '../outcome';
import { type ExportLevel, ExportService, type FileRow, type JobRow } from './jobs';
import { readChunks } from './store';

/**
 * FHIR Bulk Data Access ($export): kick-off → 202 + Content-Location; the status URL answers 202 with
 * X-Progress until the job is done, then the manifest; files are NDJSON, streamed, readable only by the
 * requester until they expire. Kick-off by GET is for programs (bearer tokens): from a browser session it
 * must be a POST, which the anti-forgery check covers (S11: no GET changes state for a browser).
 */
const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const tags = ['fhir'];

export function registerBulkRoutes(fhir: FastifyInstance, ctx: AppContext): void {
  const exports = serviceOf(ctx, ExportService);
  fhir.addHook('onClose', async () => exports.drain());
  const r = fhir.withTypeProvider<ZodTypeProvider>();

  for (const [path, level] of [
    ['/$export', 'system'],
    ['/Patient/$export', 'patient-group'],
  ] as const) {
    for (const method of ['GET', 'POST'] as const) {
      r.route({
        method,
        url: path,
        config: { access: 'clinical.read', patientData: true },
        schema: {
          tags,
          summary: `Bulk Data kick-off (${level === 'system' ? 'system level' : 'all patients'}); Prefer: respond-async`,
        },
        handler: async (request, reply) => kickOff(request, reply, level),
      });
    }
  }

  async function kickOff(request: FastifyRequest, reply: FastifyReply, level: ExportLevel) {
    const auth = requireAuth(request);
    if (request.method === 'GET' && !auth.scopes) {
      throw new FhirError(405, [
        issue(
          'not-supported',
          'From a browser session, start an export with POST (programs with a bearer token may use GET).',
        ),
      ]);
    }
    if (!/respond-async/i.test(String(request.headers.prefer ?? '')))
      throw badRequest([
        issue('required', 'Bulk export runs asynchronously: send "Prefer: respond-async".', 'Prefer'),
      ]);
    const params = kickOffParams(request);
    const base = fhirBase(request, ctx);
    const job = await exports.kickOff(auth, {
      level,
      types: params.types,
      since: params.since,
      withPdf: false,
      recipient: `${auth.name} (${auth.clientId ? `API client ${auth.clientId}` : `user ${auth.userId}`})`,
      purpose: 'FHIR bulk data export',
      requestUrl: `${base}${request.url.slice(FHIR_PREFIX.length)}`,
    });
    return reply
      .status(202)
      .header('content-location', `${base}/$export-status/${job.id}`)
      .type(FHIR_JSON)
      .send({
        resourceType: 'OperationOutcome',
        issue: [
          issue('informational', 'Export accepted; poll the Content-Location URL.', undefined, 'information'),
        ],
      });
  }

  r.get(
    '/$export-status/:jobId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Bulk export status: 202 with X-Progress while running, then the manifest',
        params: exportJobParams,
      },
    },
    async (request, reply) => {
      const { job, files } = await exports.status(requireAuth(request), request.params.jobId);
      if (job.status === 'failed')
        throw new FhirError(500, [issue('exception', job.error ?? 'The export failed.')]);
      if (job.status !== 'completed')
        return reply
          .status(202)
          .header('x-progress', job.progress ?? job.status)
          .header('retry-after', '1')
          .send();
      return reply
        .header('expires', new Date(job.expires_at).toUTCString())
        .type('application/json')
        .send(manifest(job, files, fhirBase(request, ctx)));
    },
  );

  r.delete(
    '/$export-status/:jobId',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Cancel a bulk export and delete its files', params: exportJobParams },
    },
    async (request, reply) => {
      await exports.cancel(requireAuth(request), request.params.jobId);
      return reply
        .status(202)
        .type(FHIR_JSON)
        .send({
          resourceType: 'OperationOutcome',
          issue: [issue('informational', 'Export cancelled.', undefined, 'information')],
        });
    },
  );

  r.get(
    '/$export-files/:jobId/:name',
    {
      config: { access: 'authenticated', patientData: true },
      schema: {
        tags,
        summary: 'One NDJSON file of a completed export (requester only)',
        params: exportFileParams,
      },
    },
    async (request, reply) => {
      const file = await exports.file(requireAuth(request), request.params.jobId, request.params.name);
      return sendFile(reply, ctx, file, 'inline');
    },
  );
}

/** Streams a stored file chunk by chunk. */
export function sendFile(
  reply: FastifyReply,
  ctx: AppContext,
  file: FileRow,
  disposition: 'inline' | 'attachment',
) {
  return reply
    .type(file.content_type)
    .header('content-length', String(file.bytes))
    .header('content-disposition', `${disposition}; filename="${file.name}"`)
    .send(Readable.from(readChunks(ctx.db, file.id, Number(file.chunks))));
}

export function manifest(job: JobRow, files: FileRow[], base: string) {
  return {
    transactionTime: job.transaction_time,
    request: job.request_url,
    requiresAccessToken: true,
    output: files
      .filter((f) => f.resource_type)
      .map((f) => ({
        type: f.resource_type as string,
        url: `${base}/$export-files/${job.id}/${f.name}`,
        count: Number(f.count),
      })),
    error: [],
  };
}

const paramValue = (p: Record<string, unknown>) =>
  ['valueString', 'valueInstant', 'valueCode', 'valueDateTime']
    .map((k) => p[k])
    .find((v) => typeof v === 'string') as string | undefined;

/** _type, _since and _outputFormat from the query, or from a Parameters body on POST; anything else is refused. */
function kickOffParams(request: FastifyRequest): { types: string[] | null; since: string | null } {
  const entries: [string, string][] = [...rawQuery(request).entries()];
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && Object.keys(body).length) {
    const parsed = z
      .object({
        resourceType: z.literal('Parameters'),
        parameter: z
          .array(z.looseObject({ name: z.string().max(100) }))
          .max(50)
          .optional(),
      })
      .safeParse(body);
    if (!parsed.success)
      throw badRequest([issue('invalid', 'The body of a POST kick-off is a FHIR Parameters resource.')]);
    for (const p of parsed.data.parameter ?? []) entries.push([p.name, paramValue(p) ?? '']);
  }
  const problems = [];
  let types: string[] | null = null;
  let since: string | null = null;
  for (const [name, value] of entries) {
    if (name === '_type')
      types = [
        ...(types ?? []),
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ];
    else if (name === '_since') {
      const t = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t))
        problems.push(issue('invalid', '_since is an instant such as 2026-11-01T00:00:00Z.', '_since'));
      else since = new Date(t).toISOString();
    } else if (name === '_outputFormat') {
      if (!OUTPUT_FORMATS.has(value))
        problems.push(issue('not-supported', 'Only application/fhir+ndjson is produced.', '_outputFormat'));
    } else
      problems.push(
        issue(
          'not-supported',
          `The export parameter "${name}" is not supported (supported: _type, _since, _outputFormat).`,
          name,
        ),
      );
  }
  if (problems.length) throw badRequest(problems);
  return { types, since };
}
