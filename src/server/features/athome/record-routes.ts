import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/athome';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { AtHomeRecordService } from './service-record';

const tags = ['at-home'];
const pd = { patientData: true } as const;
const base = '/api/patients/:patientId/at-home-sessions/:id';

/** The at-home session record: the printable PDF and the prescriber's signature. */
export function registerAtHomeRecordRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const records = new AtHomeRecordService(ctx);
  r.get(
    `${base}/record.pdf`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary:
          'Printable at-home session record (PDF): order, check-in, readings, go/hold, dose, timeline, check-outs, escalations, signature',
        params: c.atHomeSessionParams,
      },
    },
    async (q, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="at-home-session-record.pdf"')
        .send(await records.pdf(requireAuth(q), q.params.patientId, q.params.id)),
  );
  r.post(
    `${base}/sign`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary:
          'Sign the at-home session record (prescriber, once the session is closed and its escalations resolved)',
        params: c.atHomeSessionParams,
        response: { 200: c.atHomeSessionDetail },
      },
    },
    async (q) => records.sign(requireAuth(q), q.params.patientId, q.params.id),
  );
}
