import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { worklistResponse, worklistSection } from '../../../contracts/worklist';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { MAX_PAGE_SIZE, PAGE_SIZE, SECTION_KEYS, WorklistService } from './service';

/** The contract's answer, with section keys narrowed to the sections the worklist has. */
const response = worklistResponse.extend({
  sections: z.array(worklistSection.extend({ key: z.enum(SECTION_KEYS) })),
});

const worklistQuery = z.object({
  section: z.enum(SECTION_KEYS).optional(),
  // A worklist is read from its oldest items; 10,000 deep is far past anything a person pages through, and
  // bounds the work (the measures section merges two ordered reads up to offset + limit).
  offset: z.coerce.number().int().min(0).max(10_000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export function registerWorklistRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, WorklistService);
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/worklist',
    {
      config: { access: 'worklist.read' },
      schema: {
        tags: ['worklist'],
        summary: `Today's worklist for the signed-in staff member, urgent first: the first ${PAGE_SIZE} items of each section with each section's total, or with \`section\` one page of that section`,
        querystring: worklistQuery,
        response: { 200: response },
      },
    },
    async (request) => svc.list(requireAuth(request), request.query),
  );
}
