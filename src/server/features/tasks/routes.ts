import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../contracts/common';
import {
  assignCareTaskBody,
  careTaskList,
  careTaskQuery,
  careTaskResult,
  resolveCareTaskBody,
} from '../../../contracts/tasks';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { CareTasksService } from './service';

/** Care tasks between sessions (issue #17): the list (Today, the chart), assign or take, resolve with a note. */
export function registerCareTaskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, CareTasksService);
  const tags = ['care tasks'];

  r.get(
    '/api/care-tasks',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'Care tasks (default: open), urgent first, then the oldest; or one patient’s (patientId)',
        querystring: careTaskQuery,
        response: { 200: careTaskList },
      },
    },
    async (request) => svc.list(requireAuth(request), request.query),
  );

  r.post(
    '/api/care-tasks/:id/assign',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Give an open care task to a clinician (or take it: one’s own id; null: nobody)',
        params: idParam,
        body: assignCareTaskBody,
        response: { 200: careTaskResult },
      },
    },
    async (request) => svc.assign(requireAuth(request), request.params.id, request.body.userId),
  );

  r.post(
    '/api/care-tasks/:id/resolve',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Document the follow-up and close a care task (the outcome is required; never reopened)',
        params: idParam,
        body: resolveCareTaskBody,
        response: { 200: careTaskResult },
      },
    },
    async (request) => svc.resolve(requireAuth(request), request.params.id, request.body.outcome),
  );
}
