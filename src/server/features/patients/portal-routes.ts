import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { portalProfile } from '../../../contracts/patients';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requireAuth } from '../../platform/require-auth';
import { withPatient } from '../../platform/scope';
import { getPatient } from './repository';

/** The patient's own record, as the portal shows it. Always the signed-in patient's: no id in the URL. */
export function registerPortalRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/portal/profile',
    {
      config: { access: 'portal.self', patientData: true },
      schema: { tags: ['portal'], summary: 'My profile', response: { 200: portalProfile } },
    },
    async (request) => {
      const auth = requireAuth(request);
      if (!auth.patientId) throw new AppError('forbidden');
      return withPatient(
        ctx.db,
        ctx.clock,
        auth,
        auth.patientId,
        'portal.self',
        { action: 'portal.profile' },
        async (trx) => {
          const p = await getPatient(trx, auth.patientId as string);
          if (!p) throw new AppError('not_found');
          return {
            chartNumber: p.chart_number,
            firstName: p.first_name,
            lastName: p.last_name,
            preferredName: p.preferred_name,
            dateOfBirth: p.date_of_birth,
            email: p.email,
            phone: p.phone,
            state: p.state,
            city: p.city,
          };
        },
      );
    },
  );
}
