import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/messages';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { MessagesService } from './service';

const empty = z.object({}).strict();

/** The care team's inbox and threads (clinical permissions: the front desk reads no messages), and the clinic's settings. */
export function registerMessageRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, MessagesService);
  const tags = ['messages'];
  const read = { access: 'clinical.read', patientData: true } as const;
  const write = { access: 'clinical.write', patientData: true } as const;
  const params = c.threadParams;
  const one = { 200: c.staffThread };

  r.get(
    '/api/messages/threads',
    {
      config: read,
      schema: {
        tags,
        summary: 'The message inbox: threads by patient, urgent and longest waiting first',
        querystring: c.inboxQuery,
        response: { 200: c.inboxResponse },
      },
    },
    async (q) => svc.inbox(requireAuth(q), q.query),
  );
  r.get(
    '/api/patients/:patientId/message-threads',
    {
      config: read,
      schema: {
        tags,
        summary: 'One patient’s message threads, for the chart',
        params: c.patientParams,
        response: { 200: c.patientThreadsResponse },
      },
    },
    async (q) => svc.patientThreads(requireAuth(q), q.params.patientId),
  );
  r.get(
    '/api/messages/threads/:threadId',
    {
      config: read,
      schema: { tags, summary: 'One thread (marks it read by the care team)', params, response: one },
    },
    async (q) => svc.read(requireAuth(q), q.params.threadId),
  );
  r.post(
    '/api/messages/threads/:threadId/replies',
    {
      config: write,
      schema: {
        tags,
        summary: 'Reply (typed or a canned reply); the patient gets an email with no content',
        params,
        body: c.staffReplyBody,
        response: one,
      },
    },
    async (q) => svc.reply(requireAuth(q), q.params.threadId, q.body),
  );
  r.put(
    '/api/messages/threads/:threadId/handler',
    {
      config: write,
      schema: {
        tags,
        summary: 'Who handles the thread (null: nobody)',
        params,
        body: c.assignBody,
        response: one,
      },
    },
    async (q) => svc.assign(requireAuth(q), q.params.threadId, q.body.handlerId),
  );
  r.post(
    '/api/messages/threads/:threadId/close',
    { config: write, schema: { tags, summary: 'Close the thread', params, body: empty, response: one } },
    async (q) => svc.setState(requireAuth(q), q.params.threadId, 'closed'),
  );
  r.post(
    '/api/messages/threads/:threadId/reopen',
    { config: write, schema: { tags, summary: 'Reopen the thread', params, body: empty, response: one } },
    async (q) => svc.setState(requireAuth(q), q.params.threadId, 'open'),
  );
  r.post(
    '/api/messages/threads/:threadId/urgent/clear',
    {
      config: write,
      schema: {
        tags,
        summary: 'Crisis followed up: the thread is no longer marked urgent in the inbox',
        params,
        body: empty,
        response: one,
      },
    },
    async (q) => svc.clearUrgent(requireAuth(q), q.params.threadId),
  );
  r.post(
    '/api/messages/threads/:threadId/tasks',
    {
      config: write,
      schema: {
        tags,
        summary: 'Turn the thread into a care task (title typed by staff)',
        params,
        body: c.taskBody,
        response: { 201: c.taskResult },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await svc.toTask(requireAuth(q), q.params.threadId, q.body.title)),
  );
  r.get(
    '/api/messages/canned-replies',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        summary: 'The clinic’s canned replies',
        response: { 200: z.object({ cannedReplies: z.array(c.cannedReply) }) },
      },
    },
    async (q) => svc.cannedReplies(requireAuth(q)),
  );
  r.get(
    '/api/admin/messages/settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Messaging settings: answer time and canned replies',
        response: { 200: c.messageSettings },
      },
    },
    async (q) => svc.settings(requireAuth(q)),
  );
  r.put(
    '/api/admin/messages/settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Change the answer time and the canned replies',
        body: c.messageSettings,
        response: { 200: c.messageSettings },
      },
    },
    async (q) => svc.updateSettings(requireAuth(q), q.body),
  );
}
