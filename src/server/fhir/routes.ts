import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { fhirIdParam, fhirResource, tokenResponse } from '../../contracts/fhir';
import type { AppContext } from '../platform/context';
import { serializeError } from '../platform/error-handler';
import { requireAuth } from '../platform/require-auth';
import { serviceOf } from '../platform/services';
import { registerFhirApiRoutes } from './api-routes';
import { capabilityStatement, smartConfiguration } from './capability';
import { registerBulkRoutes } from './export/routes';
import { FHIR_PREFIX, fhirBase, rawQuery } from './http';
import { fhirJson } from './kept';
import { FHIR_JSON, FhirError, issue, toOutcome } from './outcome';
import { TYPES } from './registry';
import { FhirService } from './service';
import { clientCredentials, OAuthError } from './tokens';

const tags = ['fhir'];
/** Typed FHIR resources, as the loose schema the routes document. */
const asJson = (r: Resource) => r as unknown as z.infer<typeof fhirResource>;

/**
 * A resource or Bundle as application/fhir+json, its JSON made by fhirJson (kept resources' JSON reused, see
 * kept.ts; a Bundle sent as bytes) rather than by the response schema's serializer: that schema is a loose object
 * (resourceType), which documents the route and checks nothing more; the text is what JSON.stringify would give.
 */
const sendFhir = (reply: FastifyReply, body: Resource) =>
  reply.type(FHIR_JSON).send(fhirJson(body) as unknown as z.infer<typeof fhirResource>);

/**
 * /fhir/R4: the FHIR API, in its own plugin so that its errors are OperationOutcome (and its not-found
 * too), its JSON is application/fhir+json, and a form parser exists only for the token endpoint.
 */
export function registerFhirRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerFhirApiRoutes(app, ctx);
  void app.register(
    async (fhir) => {
      fhir.addContentTypeParser(
        'application/fhir+json',
        { parseAs: 'string' },
        fhir.getDefaultJsonParser('error', 'error'),
      );
      fhir.setErrorHandler((err, request, reply) => sendOutcome(err, request, reply));
      fhir.setNotFoundHandler((request, reply) =>
        sendOutcome(
          new FhirError(404, [
            issue(
              'not-found',
              `No FHIR interaction at ${request.method} ${request.url.split('?')[0]}. See ${FHIR_PREFIX}/metadata.`,
            ),
          ]),
          request,
          reply,
        ),
      );
      const svc = serviceOf(ctx, FhirService);
      const r = fhir.withTypeProvider<ZodTypeProvider>();

      r.get(
        '/metadata',
        {
          config: { access: 'public' },
          schema: {
            tags,
            summary: 'CapabilityStatement: what this FHIR server supports',
            response: { 200: fhirResource },
          },
        },
        async (request, reply) =>
          reply.type(FHIR_JSON).send(
            asJson(
              capabilityStatement(fhirBase(request, ctx), {
                name: 'Liminal',
                date: ctx.clock.now().toISOString(),
              }),
            ),
          ),
      );
      r.get(
        '/.well-known/smart-configuration',
        {
          config: { access: 'public' },
          schema: { tags, summary: 'SMART discovery: token endpoint and scopes' },
        },
        async (request) => smartConfiguration(fhirBase(request, ctx)),
      );

      for (const t of TYPES) {
        const config = { access: t.access, ...(t.compartment ? { patientData: true } : {}) };
        const { readWithFacts, readById } = t;
        r.get(
          `/${t.type}`,
          {
            // A search of one patient's record reads it with facts about it, with the session (first-read.ts).
            config: readWithFacts
              ? { ...config, firstRead: (request) => readWithFacts.plan(onePatientNamed(request)) }
              : config,
            schema: { tags, summary: `Search ${t.type} (searchset Bundle)`, response: { 200: fhirResource } },
          },
          async (request, reply) =>
            sendFhir(
              reply,
              await svc.search(requireAuth(request), t.type, rawQuery(request), fhirBase(request, ctx)),
            ),
        );
        r.get(
          `/${t.type}/:id`,
          {
            config: readById
              ? { ...config, firstRead: (request) => readById.plan((request.params as { id?: unknown }).id) }
              : config,
            schema: {
              tags,
              summary: `Read a ${t.type}`,
              params: fhirIdParam,
              response: { 200: fhirResource },
            },
          },
          async (request, reply) =>
            sendFhir(reply, await svc.read(requireAuth(request), t.type, request.params.id)),
        );
      }
      r.get(
        '/Patient/:id/$everything',
        {
          config: { access: 'clinical.read', patientData: true },
          schema: {
            tags,
            summary: "Patient $everything: the patient's compartment and what it refers to",
            params: fhirIdParam,
            response: { 200: fhirResource },
          },
        },
        async (request, reply) =>
          sendFhir(
            reply,
            await svc.everything(
              requireAuth(request),
              request.params.id,
              rawQuery(request),
              fhirBase(request, ctx),
            ),
          ),
      );

      registerBulkRoutes(fhir, ctx);

      // OAuth 2.0 token endpoint: form-encoded (the standard) or JSON; OAuth-shaped errors.
      await fhir.register(async (auth) => {
        auth.addContentTypeParser(
          'application/x-www-form-urlencoded',
          { parseAs: 'string', bodyLimit: 8192 },
          (_req, body, done) => {
            done(null, Object.fromEntries(new URLSearchParams(String(body))));
          },
        );
        auth.setErrorHandler((err, request, reply) => {
          if (err instanceof OAuthError)
            return reply
              .status(err.status)
              .header('pragma', 'no-cache')
              .send({ error: err.error, error_description: err.description });
          return sendOutcome(err, request, reply);
        });
        auth.withTypeProvider<ZodTypeProvider>().post(
          '/auth/token',
          {
            config: { access: 'public' },
            schema: {
              tags,
              summary: 'OAuth 2.0 client credentials: a bearer token for the FHIR API',
              response: { 200: tokenResponse },
            },
          },
          async (request, reply) => {
            const body =
              request.body && typeof request.body === 'object'
                ? (request.body as Record<string, unknown>)
                : {};
            const basic = basicAuth(request.headers.authorization);
            return reply
              .header('pragma', 'no-cache')
              .send(await clientCredentials(ctx, body, basic, request.meta));
          },
        );
      });
    },
    { prefix: FHIR_PREFIX },
  );
}

function basicAuth(header: string | undefined): { id: string; secret: string } | null {
  const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]{1,600})$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  try {
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    return null;
  }
}

function sendOutcome(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, internal } = toOutcome(err);
  if (internal) request.log.error({ err: serializeError(err) }, 'FHIR request failed');
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="fhir"');
  return reply.status(status).type(FHIR_JSON).send(body);
}

/**
 * The one patient a search names with a single `patient` parameter (`id` or `Patient/id`), as planned before the
 * request is validated: only a hint for the access hook (the search itself decides which record it reads).
 */
function onePatientNamed(request: FastifyRequest): string | undefined {
  const named = (request.query as Record<string, unknown> | undefined)?.patient;
  if (typeof named !== 'string') return undefined;
  return named.startsWith('Patient/') ? named.slice(8) : named;
}
