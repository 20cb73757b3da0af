import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../auth/routes';
import { WorklistService } from './service';

export const workItem = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['urgent', 'due', 'info']),
  title: z.string(),
  detail: z.string(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  link: z.string(),
  at: z.string().nullable(),
});

export function registerWorklistRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = new WorklistService(ctx);
  app.withTypeProvider<ZodTypeProvider>().get('/api/worklist', {
    config: { access: 'worklist.read' },
    schema: { tags: ['worklist'], summary: "Today's worklist for the signed-in staff member, urgent first", response: { 200: z.object({ items: z.array(workItem), generatedAt: z.string() }) } },
  }, async (request) => svc.list(requireAuth(request)));
}
