import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/messages';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { MessagesPortalService } from './service-portal';

/** The patient's messages: always the signed-in patient's own threads (no patient id in the URL). */
export function registerMessagePortalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, MessagesPortalService);
  const tags = ['portal', 'messages'];
  const cfg = { access: 'portal.self', patientData: true } as const;
  const base = '/api/portal/messages';

  r.get(
    base,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'My message threads, with the clinic’s answer time',
        response: { 200: c.portalThreadList },
      },
    },
    async (q) => svc.portalList(requireAuth(q)),
  );
  r.post(
    base,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Start a thread with my care team (limits: size, per hour, per day)',
        body: c.newThreadBody,
        response: { 201: c.portalSendResult },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.portalStart(requireAuth(q), q.body)),
  );
  r.get(
    `${base}/:threadId`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'One of my threads (marks the care team’s messages read)',
        params: c.threadParams,
        response: { 200: c.portalThread },
      },
    },
    async (q) => svc.portalRead(requireAuth(q), q.params.threadId),
  );
  r.post(
    `${base}/:threadId/replies`,
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Reply in one of my threads',
        params: c.threadParams,
        body: c.replyBody,
        response: { 201: c.portalSendResult },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await svc.portalReply(requireAuth(q), q.params.threadId, q.body)),
  );
}
