import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, okSchema } from '../../../contracts/common';
import {
  amendBody,
  assignBody,
  assignmentParams,
  assignResult,
  cancelBody,
  dueList,
  dueQuery,
  fhirResult,
  importBody,
  importResult,
  instrumentList,
  kioskIssued,
  patientMeasures,
  patientResponseParams,
  recordedResult,
  resolveBody,
  responseParams,
  safetyTaskList,
  safetyTaskQuery,
  safetyTaskSchema,
  staffEntryBody,
} from '../../../contracts/measures';
import { patientIdParam } from '../../../contracts/patients';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { InstrumentsService } from './instruments';
import { KioskService } from './kiosk';
import { registerPortalMeasureRoutes } from './portal-routes';
import { SafetyService } from './safety';
import { MeasuresService } from './service';

/** Measurement-based care (issue #4): instrument library, assignments, paper entry, trends, worklist, safety tasks. */
export function registerMeasureRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, MeasuresService);
  const instruments = serviceOf(ctx, InstrumentsService);
  const safety = serviceOf(ctx, SafetyService);
  const kiosk = serviceOf(ctx, KioskService);
  const tags = ['measures'];

  r.get(
    '/api/instruments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'The instrument library: shipped and imported instruments with items, bands and FHIR Questionnaire',
        response: { 200: instrumentList },
      },
    },
    async () => instruments.list(),
  );

  r.post(
    '/api/admin/instruments/import',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary:
          'Import a licensed instrument (FHIR Questionnaire + scoring definition + licence attestation); 422 names each JSON path at fault, nothing is kept',
        body: importBody,
        response: { 201: importResult },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await instruments.import(requireAuth(request), request.body)),
  );

  r.post(
    '/api/patients/:patientId/measures/assign',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary:
          'Assign measures one-off or on a schedule (intake, before dosing, weekly, follow-up, whole course)',
        params: patientIdParam,
        body: assignBody,
        response: { 201: assignResult },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.assign(requireAuth(request), request.params.patientId, request.body)),
  );

  r.get(
    '/api/patients/:patientId/measures',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: "A patient's assignments, responses with scores, trends per instrument and safety tasks",
        params: patientIdParam,
        response: { 200: patientMeasures },
      },
    },
    async (request) => svc.patientMeasures(requireAuth(request), request.params.patientId),
  );

  r.post(
    '/api/patients/:patientId/measures/:assignmentId/responses',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: "Enter a paper form's answers (complete; each bad answer named by item)",
        params: assignmentParams,
        body: staffEntryBody,
        response: { 201: recordedResult },
      },
    },
    async (request, reply) => {
      const { patientId, assignmentId } = request.params;
      return reply
        .status(201)
        .send(await svc.staffEntry(requireAuth(request), patientId, assignmentId, request.body));
    },
  );

  r.post(
    '/api/patients/:patientId/measures/:assignmentId/responses/:responseId/amend',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Amend a completed response: a new response linked to the original, which is kept',
        params: responseParams,
        body: amendBody,
        response: { 201: recordedResult },
      },
    },
    async (request, reply) => {
      const { patientId, assignmentId, responseId } = request.params;
      return reply
        .status(201)
        .send(await svc.amend(requireAuth(request), patientId, assignmentId, responseId, request.body));
    },
  );

  r.post(
    '/api/patients/:patientId/measures/:assignmentId/cancel',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Cancel an open measure (with a reason)',
        params: assignmentParams,
        body: cancelBody,
        response: { 200: okSchema },
      },
    },
    async (request) =>
      svc.cancel(
        requireAuth(request),
        request.params.patientId,
        request.params.assignmentId,
        request.body.reason,
      ),
  );

  r.post(
    '/api/patients/:patientId/measures/:assignmentId/kiosk',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary:
          'Hand a tablet to the patient: a single-use kiosk token for this questionnaire, valid 30 minutes',
        params: assignmentParams,
        response: { 201: kioskIssued },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await kiosk.issue(requireAuth(request), request.params.patientId, request.params.assignmentId)),
  );

  r.get(
    '/api/patients/:patientId/measures/responses/:responseId/fhir',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'A response as FHIR QuestionnaireResponse and its score as a survey Observation',
        params: patientResponseParams,
        response: { 200: fhirResult },
      },
    },
    async (request) =>
      svc.responseFhir(requireAuth(request), request.params.patientId, request.params.responseId),
  );

  r.get(
    '/api/measures/due',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'Worklist: due and overdue measures across patients, most overdue first',
        querystring: dueQuery,
        response: { 200: dueList },
      },
    },
    async (request) => svc.due(requireAuth(request), request.query),
  );

  r.get(
    '/api/safety-tasks',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'Safety tasks (default: open), emergencies first, then the oldest',
        querystring: safetyTaskQuery,
        response: { 200: safetyTaskList },
      },
    },
    async (request) => safety.list(requireAuth(request), request.query),
  );

  r.post(
    '/api/safety-tasks/:id/resolve',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Document the follow-up and close a safety task (the note is required)',
        params: idParam,
        body: resolveBody,
        response: { 200: z.object({ task: safetyTaskSchema, openSafetyTask: z.boolean() }) },
      },
    },
    async (request) => safety.resolve(requireAuth(request), request.params.id, request.body.followUp),
  );

  registerPortalMeasureRoutes(app, ctx);
}
