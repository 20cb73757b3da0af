import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okSchema } from '../../../contracts/common';
import {
  confidentialBody,
  confidentialState,
  emergencyGrantParam,
  emergencyGrantResponse,
  emergencyReviewQuery,
  emergencyReviewResponse,
  emergencySettings,
  emergencySettingsBody,
  myEmergencyGrants,
  openEmergencyBody,
} from '../../../contracts/emergency';
import { patientIdParam } from '../../../contracts/patients';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { EmergencyAccessService } from './service';

/** Emergency access ("break the glass", S17) and the confidential mark it applies to. */
export function registerEmergencyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, EmergencyAccessService);
  const tags = ['emergency access'];

  r.post(
    '/api/patients/:patientId/emergency-access',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary:
          'Open emergency ("break the glass") access to a confidential chart, with a reason (designated users only)',
        params: patientIdParam,
        body: openEmergencyBody,
        response: { 201: emergencyGrantResponse },
      },
    },
    async (q, reply) =>
      reply.status(201).send({ grant: await svc.open(requireAuth(q), q.params.patientId, q.body.reason) }),
  );

  r.get(
    '/api/emergency-access',
    {
      config: { access: 'patients.read' },
      schema: {
        tags,
        summary: "The signed-in user's open emergency access windows",
        response: { 200: myEmergencyGrants },
      },
    },
    async (q) => svc.mine(requireAuth(q)),
  );

  r.post(
    '/api/emergency-access/:id/end',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'End one of your emergency access windows now',
        params: emergencyGrantParam,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.end(requireAuth(q), q.params.id),
  );

  r.get(
    '/api/patients/:patientId/confidential',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'Whether the record is confidential (care team only)',
        params: patientIdParam,
        response: { 200: confidentialState },
      },
    },
    async (q) => svc.confidential(requireAuth(q), q.params.patientId),
  );

  r.put(
    '/api/patients/:patientId/confidential',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Mark or clear the record as confidential (care-team members only)',
        params: patientIdParam,
        body: confidentialBody,
        response: { 200: confidentialState },
      },
    },
    async (q) => svc.setConfidential(requireAuth(q), q.params.patientId, q.body.confidential),
  );

  r.get(
    '/api/admin/emergency-access',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: 'Emergency access windows opened recently, for review',
        querystring: emergencyReviewQuery,
        response: { 200: emergencyReviewResponse },
      },
    },
    async (q) => svc.review(requireAuth(q), q.query.days),
  );

  r.put(
    '/api/admin/emergency-access/settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['admin'],
        summary: 'How long an emergency access window stays open',
        body: emergencySettingsBody,
        response: { 200: emergencySettings },
      },
    },
    async (q) => svc.setWindow(requireAuth(q), q.body.windowMinutes),
  );
}
