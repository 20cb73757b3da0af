import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { portalProgress, portalProgressQuery } from '../../../contracts/progress';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { ProgressService } from './service';

/** The patient's own progress on the portal (issue #17). */
export function registerProgressRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, ProgressService);
  r.get(
    '/api/portal/progress',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ['portal'],
        summary:
          'My course at a glance, what is coming and what to prepare, and my questionnaire trends (the chart’s bands)',
        querystring: portalProgressQuery,
        response: { 200: portalProgress },
      },
    },
    async (request) => svc.mine(requireAuth(request), request.query.courseId),
  );
}
