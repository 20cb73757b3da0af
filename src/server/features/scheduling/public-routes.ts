import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { serviceOf } from '../../platform/services';
import { IcalService } from './ical';
import { SelfBookingService } from './self-booking';
import { VisitLinkService } from './visit-link';

const ICS = 'text/calendar; charset=utf-8';

/**
 * What people reach without signing in, each with a token as its credential: the emailed confirm/cancel
 * link, the self-booking link and the clinician's calendar feed (the signed-in portal's visits are in
 * portal-routes.ts). Tokens travel in POST bodies (never logged) except the feed URL, which calendar apps
 * fetch with GET.
 */
export function registerSchedulingPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const link = serviceOf(ctx, VisitLinkService);
  const self = serviceOf(ctx, SelfBookingService);
  const ical = serviceOf(ctx, IcalService);
  const pub = ['public'];

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
    async (request) => link.inspect(request.meta, request.body.token),
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
      link.respond(request.meta, request.body.token, request.body.action, request.body.reason),
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
        .send(await link.linkIcs(request.meta, request.body.token)),
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
