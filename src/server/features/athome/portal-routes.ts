import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/athome';
import * as supplyContract from '../../../contracts/athome-supply';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { AtHomePortalService } from './service-portal';
import { AtHomeSupplyService } from './service-supply';

const tags = ['portal', 'at-home'];
const cfg = { access: 'portal.self', patientData: true } as const;
const base = '/api/portal/at-home-sessions';

/** The patient's at-home routes: always the signed-in patient's own sessions (no patient id in the URL). */
export function registerAtHomePortalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, AtHomePortalService);
  const supply = serviceOf(ctx, AtHomeSupplyService);
  const params = c.portalSessionParams;
  const one = { 200: c.atHomeSession };

  r.get(
    base,
    { config: cfg, schema: { tags, summary: 'My at-home sessions', response: { 200: c.atHomeSessionList } } },
    async (q) => svc.list(requireAuth(q)),
  );
  r.get(
    `${base}/:id`,
    {
      config: cfg,
      schema: { tags, summary: 'One of my at-home sessions, with what is due', params, response: one },
    },
    async (q) => svc.read(requireAuth(q), q.params.id),
  );
  r.put(
    `${base}/:id/check-in/mood`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Check-in step: today’s mood (0–10) and intention',
        params,
        body: c.moodBody,
        response: one,
      },
    },
    async (q) => svc.mood(requireAuth(q), q.params.id, q.body),
  );
  r.put(
    `${base}/:id/check-in/safety`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Check-in step: the safety questions (one or more answers)',
        params,
        body: c.safetyBody,
        response: one,
      },
    },
    async (q) => svc.safety(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    `${base}/:id/check-in/readings`,
    {
      config: cfg,
      schema: {
        tags,
        summary:
          'Check-in step: a home BP and pulse reading (implausible values refused; a re-check only when due)',
        params,
        body: c.readingBody,
        response: one,
      },
    },
    async (q) => svc.reading(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    `${base}/:id/sitter`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Name the sitter: returns their one-time link and code, once, for the patient to send',
        params,
        body: c.sitterInviteBody,
        response: { 201: c.sitterInvite },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.inviteSitter(requireAuth(q), q.params.id, q.body)),
  );
  r.post(
    `${base}/:id/dose-taken`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'I took the dose (the order’s troche count; only after the go, and once)',
        params,
        body: z.object({}).strict(),
        response: one,
      },
    },
    async (q) => svc.doseTaken(requireAuth(q), q.params.id),
  );
  r.post(
    `${base}/:id/check-ins`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Answer a timed check-in: OK or not OK (not OK alerts the care team)',
        params,
        body: c.timedCheckInBody,
        response: one,
      },
    },
    async (q) => svc.timedCheckIn(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    `${base}/:id/help`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Help: alerts the on-call clinician and returns the numbers to call (on call, 988, 911)',
        params,
        body: c.helpBody,
        response: { 200: c.helpResult },
      },
    },
    async (q) => svc.help(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    `${base}/:id/check-out`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Check out: settled, side effects, ratings and the troches left',
        params,
        body: c.patientCheckoutBody,
        response: one,
      },
    },
    async (q) => svc.checkOut(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    '/api/portal/at-home-disposals',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Report disposing of unused troches (collection receptacle, mail-back, take-back event)',
        body: supplyContract.disposalBody,
        response: { 201: supplyContract.supplyView },
      },
    },
    async (q, reply) => {
      const auth = requireAuth(q);
      if (!auth.patientId) throw new AppError('forbidden');
      return reply.status(201).send(await supply.disposal(auth, auth.patientId, q.body, 'portal'));
    },
  );
}
