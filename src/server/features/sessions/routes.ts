import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import { addendumBody, courseParams, sessionParams } from '../../../contracts/courses';
import {
  activeSessions,
  administrationBody,
  checklistBody,
  consoleState,
  dischargeBody,
  doseOrder,
  entryBody,
  exposureCurve,
  firedRule,
  holdOverrideBody,
  narrativeBody,
  orderBody,
  remsRecord,
  startSessionBody,
} from '../../../contracts/sessions';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { ConsoleService } from './console';
import { RecordsService } from './records';
import { SessionsService } from './service';

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, SessionsService);
  const con = serviceOf(ctx, ConsoleService);
  const rec = serviceOf(ctx, RecordsService);
  const tags = ['sessions'];
  const pd = { patientData: true } as const;
  const base = '/api/patients/:patientId/sessions/:sessionId';
  const ids = (q: { params: { patientId: string; sessionId: string } }) =>
    [q.params.patientId, q.params.sessionId] as const;

  r.get(
    '/api/sessions/active',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        summary: "The prescriber's board: sessions in progress",
        response: { 200: activeSessions },
      },
    },
    async (q) => con.active(requireAuth(q)),
  );
  r.post(
    '/api/patients/:patientId/courses/:courseId/sessions',
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Start a dosing session (readiness gate; prescriber overrides with reasons)',
        params: courseParams,
        body: startSessionBody,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (q, reply) =>
      reply
        .status(201)
        .send(await svc.start(requireAuth(q), q.params.patientId, q.params.courseId, q.body.overrides)),
  );
  r.get(
    base,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'The session console state',
        params: sessionParams,
        response: { 200: consoleState },
      },
    },
    async (q) => con.state(requireAuth(q), ...ids(q)) as never,
  );
  r.put(
    `${base}/checklist`,
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Pre-dose checklist',
        params: sessionParams,
        body: checklistBody,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.checklist(requireAuth(q), ...ids(q), q.body),
  );
  r.post(
    `${base}/entries`,
    {
      config: {
        access: 'session.run',
        ...pd,
        // What saving reads, with the sign-in session on PostgreSQL when the key is sent as a header too.
        firstRead: (request) => {
          const { patientId, sessionId } = request.params as { patientId?: unknown; sessionId?: unknown };
          return svc.entryFirstRead(patientId, sessionId, request.meta.idempotencyKey);
        },
      },
      schema: {
        tags,
        summary:
          'Record vitals, sedation, dissociation, side effects, interventions, adverse events or observations (idempotent)',
        params: sessionParams,
        body: entryBody,
        response: { 201: z.object({ id: z.string(), replayed: z.boolean(), alerts: z.array(firedRule) }) },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.addEntry(requireAuth(q), ...ids(q), q.body)),
  );
  r.post(
    `${base}/hold-override`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary: 'Override a pre-dose hold with a reason (prescriber)',
        params: sessionParams,
        body: holdOverrideBody,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.overrideHold(requireAuth(q), ...ids(q), q.body.reason),
  );
  r.post(
    `${base}/order`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary: 'Sign the dose order (checked against clinic limits)',
        params: sessionParams,
        body: orderBody,
        response: { 200: doseOrder.omit({ orderedByName: true }) },
      },
    },
    async (q) => svc.order(requireAuth(q), ...ids(q), q.body),
  );
  r.post(
    `${base}/administrations`,
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Record an administration (idempotent)',
        params: sessionParams,
        body: administrationBody,
        response: {
          201: z.object({
            id: z.string(),
            replayed: z.boolean(),
            warnings: z.array(z.string()),
            wasteRequired: z.object({ containerId: z.string(), quantityUg: z.number() }).nullable(),
          }),
        },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.administer(requireAuth(q), ...ids(q), q.body)),
  );
  r.post(
    `${base}/discharge`,
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Discharge (criteria checked; esketamine ≥ 120 min)',
        params: sessionParams,
        body: dischargeBody,
        response: { 200: z.object({ ok: z.literal(true), totalMonitoringMinutes: z.number() }) },
      },
    },
    async (q) => svc.discharge(requireAuth(q), ...ids(q), q.body),
  );
  r.put(
    `${base}/narrative`,
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: "The therapist's session narrative (before signing)",
        params: sessionParams,
        body: narrativeBody,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.narrative(requireAuth(q), ...ids(q), q.body.text),
  );
  r.post(
    `${base}/sign`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary: 'Sign and lock the session record (prescriber)',
        params: sessionParams,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.sign(requireAuth(q), ...ids(q)),
  );
  r.post(
    `${base}/addenda`,
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Addendum to a signed session',
        params: sessionParams,
        body: addendumBody,
        response: { 201: okSchema },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.addendum(requireAuth(q), ...ids(q), q.body.body)),
  );
  r.get(
    `${base}/exposure`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'Expected-exposure curve (educational estimate)',
        params: sessionParams,
        querystring: z.object({ model: z.enum(['domino', 'clements', 'kamp']).default('kamp') }),
        response: { 200: exposureCurve },
      },
    },
    async (q) => con.exposure(requireAuth(q), ...ids(q), q.query.model),
  );
  r.get(
    `${base}/rems`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'Esketamine REMS monitoring record',
        params: sessionParams,
        response: { 200: remsRecord },
      },
    },
    async (q) => rec.rems(requireAuth(q), ...ids(q)),
  );
  r.post(
    `${base}/rems/submitted`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary: 'Mark the REMS record submitted',
        params: sessionParams,
        response: { 200: okSchema },
      },
    },
    async (q) => svc.markRemsSubmitted(requireAuth(q), ...ids(q)),
  );
  r.get(
    `${base}/record.pdf`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: { tags, summary: 'Printable session record (PDF)', params: sessionParams },
    },
    async (q, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="session-record.pdf"')
        .send(await rec.sessionPdf(requireAuth(q), ...ids(q))),
  );
  r.get(
    `${base}/rems.pdf`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: { tags, summary: 'REMS monitoring record (PDF)', params: sessionParams },
    },
    async (q, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="rems-record.pdf"')
        .send(await rec.remsPdf(requireAuth(q), ...ids(q))),
  );
}
