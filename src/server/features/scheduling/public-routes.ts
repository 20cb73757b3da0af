import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { IcalService } from './ical';
import { PortalService } from './portal';
import { SelfBookingService } from './self-booking';

const ICS = 'text/calendar; charset=utf-8';

/**
 * What patients and calendar apps reach: the portal's visits (`portal.self`), and public routes whose
 * credential is a token — the emailed confirm/cancel link, the self-booking link and the clinician's
 * calendar feed. Tokens travel in POST bodies (never logged) except the feed URL, which calendar apps
 * fetch with GET.
 */
export function registerSchedulingPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = new PortalService(ctx);
  const self = new SelfBookingService(ctx);
  const ical = new IcalService(ctx);
  const ptags = ['portal'];
  const pub = ['public'];

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

  r.post(
    '/api/public/visits/inspect',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'The visit behind an emailed link (token from the link)',
        body: c.tokenBody,
        response: { 200: c.publicVisit },
      },
    },
    async (request) => portal.inspect(request.meta, request.body.token),
  );

  r.post(
    '/api/public/visits/respond',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'Confirm or cancel a visit from its emailed link',
        body: c.respondBody,
        response: { 200: c.publicVisit },
      },
    },
    async (request) =>
      portal.respond(request.meta, request.body.token, request.body.action, request.body.reason),
  );

  r.post(
    '/api/public/visits/ics',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'The visit behind an emailed link as a calendar file (.ics)',
        body: c.tokenBody,
        response: { 200: z.string() },
      },
    },
    async (request, reply) =>
      reply
        .type(ICS)
        .header('content-disposition', 'attachment; filename="visit.ics"')
        .send(await portal.linkIcs(request.meta, request.body.token)),
  );

  r.post(
    '/api/public/booking/slots',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'Free consultation slots for a self-booking link',
        body: c.slotsBody,
        response: { 200: c.slotsResponse },
      },
    },
    async (request) => self.slots(request.meta, request.body),
  );

  r.post(
    '/api/public/booking/book',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'Book one of the offered consultation slots (the link is single-use)',
        body: c.selfBookBody,
        response: { 201: c.selfBookResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await self.book(request.meta, request.body)),
  );

  r.get(
    '/api/ical/:token.ics',
    {
      config: { access: 'public' },
      schema: {
        tags: pub,
        summary: 'A clinician’s calendar feed (the secret URL is the credential; revocable)',
        params: c.icalParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => reply.type(ICS).send(await ical.feed(request.meta, request.params.token)),
  );
}
