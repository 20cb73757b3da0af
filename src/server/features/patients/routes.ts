import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import {
  careTeamBody,
  clinicalBody,
  clinicalSaved,
  createPatientResponse,
  demographicsBody,
  patientChart,
  patientIdParam,
  patientListQuery,
  patientListResponse,
  portalInviteResponse,
  screeningDecisionBody,
  screeningResponse,
  versionResponse,
} from '../../../contracts/patients';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { PatientsService } from './service';

export function registerPatientRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, PatientsService);
  const tags = ['patients'];
  const params = patientIdParam;

  r.get(
    '/api/patients',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'Search patients by name, chart number or date of birth',
        querystring: patientListQuery,
        response: { 200: patientListResponse },
      },
    },
    async (request) => svc.list(requireAuth(request), request.query),
  );

  r.post(
    '/api/patients',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Create a patient record',
        body: demographicsBody,
        response: { 201: createPatientResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await svc.create(requireAuth(request), request.body)),
  );

  r.get(
    '/api/patients/:patientId',
    {
      config: {
        access: 'patients.read',
        patientData: true,
        firstRead: (request) => svc.chartFirstRead((request.params as { patientId?: unknown }).patientId),
      },
      schema: {
        tags,
        summary: 'The patient chart (clinical sections for clinical roles)',
        params,
        response: { 200: patientChart },
      },
    },
    async (request) => svc.chart(requireAuth(request), request.params.patientId),
  );

  r.put(
    '/api/patients/:patientId/demographics',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Update demographics and contact details',
        params,
        body: demographicsBody,
        response: { 200: versionResponse },
      },
    },
    async (request) => svc.updateDemographics(requireAuth(request), request.params.patientId, request.body),
  );

  r.put(
    '/api/patients/:patientId/clinical',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Update intake: history checklist, medications, diagnoses, allergies, weight',
        params,
        body: clinicalBody,
        response: { 200: clinicalSaved },
      },
    },
    async (request) => svc.updateClinical(requireAuth(request), request.params.patientId, request.body),
  );

  r.put(
    '/api/patients/:patientId/care-team',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Set the care team (prescriber, nurse, therapist)',
        params,
        body: careTeamBody,
        response: { 200: okSchema },
      },
    },
    async (request) => svc.setCareTeam(requireAuth(request), request.params.patientId, request.body),
  );

  r.get(
    '/api/patients/:patientId/screening',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary: 'Eligibility screening: evaluation, current decision and history',
        params,
        response: { 200: screeningResponse },
      },
    },
    async (request) => svc.screening(requireAuth(request), request.params.patientId),
  );

  r.post(
    '/api/patients/:patientId/screening/decisions',
    {
      config: { access: 'screening.decide', patientData: true },
      schema: {
        tags,
        summary: 'Record a prescriber decision (overrides of relative contraindications need reasons)',
        params,
        body: screeningDecisionBody,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.decide(requireAuth(request), request.params.patientId, request.body)),
  );

  r.post(
    '/api/patients/:patientId/portal-invite',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Invite the patient to the portal (single-use emailed link)',
        params,
        response: { 200: portalInviteResponse },
      },
    },
    async (request) => svc.invitePortal(requireAuth(request), request.params.patientId),
  );
}
