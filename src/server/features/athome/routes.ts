import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/athome';
import * as supplyContract from '../../../contracts/athome-supply';
import { exposureCurve } from '../../../contracts/sessions';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { AtHomeBoardService } from './service-board';
import { AtHomeStaffService } from './service-staff';
import { AtHomeSupplyService } from './service-supply';

const tags = ['at-home'];
const pd = { patientData: true } as const;
const base = '/api/patients/:patientId/at-home-sessions';

/** The care team's at-home routes (issue #16). Thin: each calls one service method. */
export function registerAtHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = serviceOf(ctx, AtHomeStaffService);
  const board = serviceOf(ctx, AtHomeBoardService);
  const supply = serviceOf(ctx, AtHomeSupplyService);

  r.post(
    base,
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary:
          'Book an at-home session on an at-home sublingual course (readiness checked; overrides by a prescriber)',
        params: c.atHomePatientParams,
        body: c.createAtHomeBody,
        response: { 201: c.atHomeSessionDetail },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await staff.create(requireAuth(q), q.params.patientId, q.body)),
  );
  r.get(
    base,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'A patient’s at-home sessions, newest first (dose history with the route-normalised dose)',
        params: c.atHomePatientParams,
        response: { 200: c.atHomeSessionList },
      },
    },
    async (q) => staff.list(requireAuth(q), q.params.patientId),
  );
  r.get(
    `${base}/:id`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'One at-home session: state, check-in, order, the full timeline and its tasks',
        params: c.atHomeSessionParams,
        response: { 200: c.atHomeSessionDetail },
      },
    },
    async (q) => staff.read(requireAuth(q), q.params.patientId, q.params.id),
  );
  r.get(
    `${base}/:id/exposure`,
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary:
          'Expected-exposure curve of the sublingual dose (educational estimate, as in the clinic console)',
        params: c.atHomeSessionParams,
        querystring: z.object({ model: z.enum(['domino', 'clements', 'kamp']).default('kamp') }),
        response: { 200: exposureCurve },
      },
    },
    async (q) => staff.exposure(requireAuth(q), q.params.patientId, q.params.id, q.query.model),
  );
  r.post(
    `${base}/:id/order`,
    {
      config: { access: 'orders.sign', ...pd },
      schema: {
        tags,
        summary:
          'Sign the prescriber’s order: troches of a dispensed product, checked against the sublingual limits',
        params: c.atHomeSessionParams,
        body: c.atHomeOrderBody,
        response: { 200: c.atHomeSessionDetail },
      },
    },
    async (q) => staff.signOrder(requireAuth(q), q.params.patientId, q.params.id, q.body),
  );
  const act = (
    path: string,
    summary: string,
    access: 'session.run' | 'clinical.write',
    body: z.ZodType,
    run: (q: {
      auth: ReturnType<typeof requireAuth>;
      patientId: string;
      id: string;
      body: never;
    }) => Promise<z.infer<typeof c.atHomeSessionDetail>>,
  ) =>
    r.post(
      `${base}/:id/${path}`,
      {
        config: { access, ...pd },
        schema: {
          tags,
          summary,
          params: c.atHomeSessionParams,
          body,
          response: { 200: c.atHomeSessionDetail },
        },
      },
      async (q) =>
        run({ auth: requireAuth(q), patientId: q.params.patientId, id: q.params.id, body: q.body as never }),
    );
  act(
    'go',
    'Give the go (a complete check-in awaiting it; a held session by a prescriber, with a reason)',
    'session.run',
    c.goBody,
    (q) => staff.go(q.auth, q.patientId, q.id, (q.body as z.infer<typeof c.goBody>).reason),
  );
  act('hold', 'Hold the session before the dose, with a reason', 'session.run', c.reasonBody, (q) =>
    staff.hold(q.auth, q.patientId, q.id, (q.body as z.infer<typeof c.reasonBody>).reason),
  );
  act(
    'notes',
    'Add a note to the session’s timeline (a call, an observation)',
    'clinical.write',
    c.noteBody,
    (q) => staff.note(q.auth, q.patientId, q.id, (q.body as z.infer<typeof c.noteBody>).text),
  );
  act(
    'close',
    'Close the session with a reason (the sitter’s link expires)',
    'session.run',
    c.reasonBody,
    (q) => staff.close(q.auth, q.patientId, q.id, (q.body as z.infer<typeof c.reasonBody>).reason),
  );

  r.post(
    '/api/patients/:patientId/at-home-tasks/:taskId/acknowledge',
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Acknowledge an escalation (someone is on it)',
        params: c.atHomeTaskParams,
        body: z.object({}).strict(),
        response: { 200: c.atHomeTask },
      },
    },
    async (q) => staff.task(requireAuth(q), q.params.patientId, q.params.taskId, null),
  );
  r.post(
    '/api/patients/:patientId/at-home-tasks/:taskId/resolve',
    {
      config: { access: 'session.run', ...pd },
      schema: {
        tags,
        summary: 'Resolve an escalation or a supply task with its outcome',
        params: c.atHomeTaskParams,
        body: c.resolveTaskBody,
        response: { 200: c.atHomeTask },
      },
    },
    async (q) => staff.task(requireAuth(q), q.params.patientId, q.params.taskId, q.body.outcome),
  );

  r.get(
    '/api/patients/:patientId/at-home-supply',
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'Take-home supply: dispensed (ledger) − taken (sessions) − disposed (patient-reported)',
        params: c.atHomePatientParams,
        response: { 200: supplyContract.supplyView },
      },
    },
    async (q) => supply.view(requireAuth(q), q.params.patientId),
  );
  r.post(
    '/api/patients/:patientId/at-home-disposals',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Record a patient-reported disposal of unused troches (never stock returned to the clinic)',
        params: c.atHomePatientParams,
        body: supplyContract.disposalBody,
        response: { 201: supplyContract.supplyView },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await supply.disposal(requireAuth(q), q.params.patientId, q.body, 'staff')),
  );
  r.post(
    '/api/patients/:patientId/at-home-supply/counts',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary:
          'Compare the patient’s count with the record (e.g. at course end); a mismatch opens a prescriber task',
        params: c.atHomePatientParams,
        body: supplyContract.countBody,
        response: { 200: supplyContract.countResult },
      },
    },
    async (q) => supply.count(requireAuth(q), q.params.patientId, q.body),
  );

  r.get(
    '/api/at-home/board',
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary:
          'Today’s remote board: every at-home session of the day, unresolved escalations on top, who is on call',
        response: { 200: c.atHomeBoard },
      },
    },
    async (q) => board.board(requireAuth(q)),
  );
  r.get(
    '/api/admin/at-home/settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'The at-home program’s settings, with sources',
        response: { 200: c.atHomeSettingsView },
      },
    },
    async (q) => board.settings(requireAuth(q)),
  );
  r.put(
    '/api/admin/at-home/settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Change the at-home program’s settings and who is on call (audited)',
        body: c.atHomeSettingsBody,
        response: { 200: c.atHomeSettingsView },
      },
    },
    async (q) => board.saveSettings(requireAuth(q), q.body),
  );
}
