import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  atHomeRatingParams,
  dosingRatingParams,
  portalRatingParams,
  rateBody,
  sessionExperience,
} from '../../../contracts/experience';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { ExperienceService } from './service';

const RATE_SUMMARY =
  "Record the patient's end-of-session rating (Liminal's own, not validated); a second rating on the same instrument corrects it and needs a reason. 409 before the dose; 422 names the item out of range";

/** In-session experience ratings (issue #21): on a dosing session, an at-home session, and the patient's own. */
export function registerExperienceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, ExperienceService);
  const tags = ['experience'];
  const dosing = '/api/patients/:patientId/sessions/:sessionId/experience';
  const atHome = '/api/patients/:patientId/at-home-sessions/:id/experience';
  const portal = '/api/portal/at-home-sessions/:id/experience';

  r.get(
    dosing,
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: "A dosing session's experience ratings and the forms to rate it",
        params: dosingRatingParams,
        response: { 200: sessionExperience },
      },
    },
    async (q) => svc.dosingRatings(requireAuth(q), q.params.patientId, q.params.sessionId),
  );
  r.post(
    dosing,
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: RATE_SUMMARY,
        params: dosingRatingParams,
        body: rateBody,
        response: { 201: sessionExperience },
      },
    },
    async (q, reply) =>
      reply
        .status(201)
        .send(await svc.rateDosing(requireAuth(q), q.params.patientId, q.params.sessionId, q.body)),
  );
  r.get(
    atHome,
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: "An at-home session's experience ratings and the forms to rate it",
        params: atHomeRatingParams,
        response: { 200: sessionExperience },
      },
    },
    async (q) => svc.atHomeRatings(requireAuth(q), q.params.patientId, q.params.id),
  );
  r.post(
    atHome,
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: RATE_SUMMARY,
        params: atHomeRatingParams,
        body: rateBody,
        response: { 201: sessionExperience },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await svc.rateAtHome(requireAuth(q), q.params.patientId, q.params.id, q.body)),
  );
  r.get(
    portal,
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary: "The patient's rating of one of their at-home sessions, and the forms",
        params: portalRatingParams,
        response: { 200: sessionExperience },
      },
    },
    async (q) => svc.portalRatings(requireAuth(q), q.params.id),
  );
  r.post(
    portal,
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags,
        summary:
          'The patient rates their own at-home session after the dose (optional, prompted at check-out)',
        params: portalRatingParams,
        body: rateBody,
        response: { 201: sessionExperience },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.portalRate(requireAuth(q), q.params.id, q.body)),
  );
}
