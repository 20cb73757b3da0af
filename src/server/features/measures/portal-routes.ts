import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  draftBody,
  draftResult,
  kioskHeaders,
  kioskView,
  portalAssignmentParam,
  portalForm,
  portalMeasureList,
  submitBody,
  submitResult,
} from '../../../contracts/measures';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { KioskService } from './kiosk';
import { PortalMeasuresService } from './portal';

/**
 * The patient's side: portal questionnaires (always the signed-in patient's own) and the in-clinic kiosk.
 * Kiosk routes are public: the single-use token in the `x-kiosk-token` header is the credential.
 */
export function registerPortalMeasureRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = serviceOf(ctx, PortalMeasuresService);
  const kiosk = serviceOf(ctx, KioskService);
  const tags = ['portal'];
  const params = portalAssignmentParam;

  r.get(
    '/api/portal/measures',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary: 'My questionnaires that are due, with progress, and crisis resources',
        response: { 200: portalMeasureList },
      },
    },
    async (request) => portal.list(requireAuth(request)),
  );

  r.get(
    '/api/portal/measures/:assignmentId',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary: 'One questionnaire to answer, with my saved answers (resume)',
        params,
        response: { 200: portalForm },
      },
    },
    async (request) => portal.form(requireAuth(request), request.params.assignmentId),
  );

  r.put(
    '/api/portal/measures/:assignmentId/draft',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary: 'Save my answers so far',
        params,
        body: draftBody,
        response: { 200: draftResult },
      },
    },
    async (request) =>
      portal.saveDraft(requireAuth(request), request.params.assignmentId, request.body.answers),
  );

  r.post(
    '/api/portal/measures/:assignmentId/submit',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary:
          'Submit my answers (all required questions answered); crisis: true → show crisis resources now',
        params,
        body: submitBody,
        response: { 200: submitResult },
      },
    },
    async (request) => portal.submit(requireAuth(request), request.params.assignmentId, request.body.answers),
  );

  const ktags = ['kiosk'];
  r.get(
    '/api/kiosk',
    {
      config: { access: 'public', patientData: true },
      schema: {
        tags: ktags,
        summary:
          'The one questionnaire this kiosk token opens (first name only); 404 once expired, replaced or submitted',
        headers: kioskHeaders,
        response: { 200: kioskView },
      },
    },
    async (request) => kiosk.view(request.meta, request.headers['x-kiosk-token']),
  );

  r.put(
    '/api/kiosk',
    {
      config: { access: 'public', patientData: true },
      schema: {
        tags: ktags,
        summary: 'Save the answers so far on the kiosk',
        headers: kioskHeaders,
        body: draftBody,
        response: { 200: draftResult },
      },
    },
    async (request) => kiosk.save(request.meta, request.headers['x-kiosk-token'], request.body.answers),
  );

  r.post(
    '/api/kiosk/submit',
    {
      config: { access: 'public', patientData: true },
      schema: {
        tags: ktags,
        summary: 'Submit on the kiosk; the token is spent and the kiosk view locks',
        headers: kioskHeaders,
        body: submitBody,
        response: { 200: submitResult },
      },
    },
    async (request) => kiosk.submit(request.meta, request.headers['x-kiosk-token'], request.body.answers),
  );
}
