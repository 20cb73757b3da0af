import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { PortalService } from './portal';

const ICS = 'text/calendar; charset=utf-8';

/** The patient's visits in the signed-in portal (`portal.self`): list, cancel, move or book again, calendar file. */
export function registerSchedulingPortalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = serviceOf(ctx, PortalService);
  const ptags = ['portal'];

  r.get(
    '/api/portal/appointments',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ptags,
        summary: 'My upcoming and past visits, with what to do before each',
        response: { 200: c.portalVisits },
      },
    },
    async (request) => portal.list(requireAuth(request)),
  );

  r.post(
    '/api/portal/appointments/:id/cancel',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ptags,
        summary: 'Cancel my visit (until the clinic’s notice period; after that, call)',
        params: c.idParam,
        body: c.portalCancelBody,
        response: { 200: c.portalVisit },
      },
    },
    async (request) => portal.cancel(requireAuth(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/portal/appointments/:id/slots',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ptags,
        summary:
          'Free times to move a visit to, or to book it again after cancelling (same kind of visit and clinician)',
        params: c.idParam,
        body: c.portalSlotsBody,
        response: { 200: c.portalSlotsResponse },
      },
    },
    async (request) => portal.rebookSlots(requireAuth(request), request.params.id, request.body.from),
  );

  r.post(
    '/api/portal/appointments/:id/rebook',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ptags,
        summary:
          'Move my visit to an offered time (or book it again after cancelling); the old visit is cancelled in the same step',
        params: c.idParam,
        body: c.portalRebookBody,
        response: { 201: c.portalVisit },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await portal.rebook(requireAuth(request), request.params.id, request.body)),
  );

  r.get(
    '/api/portal/appointments/:id/ics',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ptags,
        summary: 'My visit as a calendar file (.ics)',
        params: c.idParam,
        response: { 200: z.string() },
      },
    },
    async (request, reply) =>
      reply
        .type(ICS)
        .header('content-disposition', 'attachment; filename="visit.ics"')
        .send(await portal.ics(requireAuth(request), request.params.id)),
  );
}
