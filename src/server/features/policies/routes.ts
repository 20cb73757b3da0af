import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clinicPolicies, retentionPolicyBody } from '../../../contracts/policies';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { PoliciesService } from './service';

export function registerPolicyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, PoliciesService);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  r.get(
    '/api/admin/policies',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Clinic policies: the emergency access window, record retention and the retention report',
        response: { 200: clinicPolicies },
      },
    },
    async (request) => svc.get(requireAuth(request)),
  );

  r.put(
    '/api/admin/policies/retention',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'How long signed clinical records are kept (never below the floor; audited)',
        body: retentionPolicyBody,
        response: { 200: clinicPolicies },
      },
    },
    async (request) => svc.setRetention(requireAuth(request), request.body),
  );
}
