import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clinicOutcomes } from '../../../contracts/outcomes';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { OutcomesService } from './service';

export function registerOutcomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, OutcomesService);
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/outcomes',
    {
      config: { access: 'outcomes.read', patientData: true },
      schema: {
        tags: ['measures'],
        summary:
          'Clinic outcomes: response and remission rates per instrument (each instrument’s own rules, latest score against baseline)',
        response: { 200: clinicOutcomes },
      },
    },
    async (request) => svc.clinic(requireAuth(request)),
  );
}
