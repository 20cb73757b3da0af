import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okSchema } from '../../../contracts/common';
import {
  consentDocument,
  consentDocumentList,
  inClinicSignBody,
  newConsentVersionBody,
  patientSignatureParams,
  portalConsentResponse,
  portalSignBody,
  revokeBody,
  signatureIdParam,
  signatureList,
  signedResponse,
} from '../../../contracts/consent';
import { patientIdParam } from '../../../contracts/patients';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { ConsentService } from './service';

export function registerConsentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, ConsentService);
  const tags = ['consent'];

  r.get(
    '/api/consent/documents',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Consent documents (staff: every version; patients: the current one)',
        response: { 200: consentDocumentList },
      },
    },
    async (request) => svc.documents(requireAuth(request)),
  );

  r.post(
    '/api/admin/consent/documents',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Publish a new version of the consent (signed versions never change)',
        body: newConsentVersionBody,
        response: { 201: consentDocument },
      },
    },
    async (request, reply) => reply.status(201).send(await svc.publish(requireAuth(request), request.body)),
  );

  r.get(
    '/api/patients/:patientId/consents',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: "A patient's consent signatures, with integrity checks",
        params: patientIdParam,
        response: { 200: signatureList },
      },
    },
    async (request) => svc.signatures(requireAuth(request), request.params.patientId),
  );

  r.post(
    '/api/patients/:patientId/consents',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Record an in-clinic signature with a staff witness',
        params: patientIdParam,
        body: inClinicSignBody,
        response: { 201: signedResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await svc.signInClinic(requireAuth(request), request.params.patientId, request.body)),
  );

  r.post(
    '/api/patients/:patientId/consents/:signatureId/revoke',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary: 'Record that the patient withdrew consent',
        params: patientSignatureParams,
        body: revokeBody,
        response: { 200: okSchema },
      },
    },
    async (request) =>
      svc.revoke(
        requireAuth(request),
        request.params.patientId,
        request.params.signatureId,
        request.body.reason,
      ),
  );

  r.get(
    '/api/portal/consent',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ['portal'],
        summary: 'The current consent, my status and my signatures',
        response: { 200: portalConsentResponse },
      },
    },
    async (request) => svc.portalView(requireAuth(request)),
  );

  r.post(
    '/api/portal/consent/sign',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ['portal'],
        summary: 'Sign the current consent (typed full name and explicit agreement)',
        body: portalSignBody,
        response: { 201: signedResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.signInPortal(requireAuth(request), request.body)),
  );

  r.post(
    '/api/portal/consent/:signatureId/revoke',
    {
      config: { access: 'portal.self', patientData: true },
      schema: {
        tags: ['portal'],
        summary: 'Withdraw my consent',
        params: signatureIdParam,
        body: revokeBody,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      if (!auth.patientId) throw new AppError('forbidden');
      return svc.revoke(auth, auth.patientId, request.params.signatureId, request.body.reason);
    },
  );
}
