import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/claims';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { EXPORT, READ, SETTINGS, WRITE } from './access';
import { ClaimFileService } from './claim-file';
import { PracticeService } from './service';
import { SuperbillService } from './superbill';

const versionQuery = z.object({ version: z.coerce.number().int().min(0) });

/** Superbills (staff and portal), insurance, the practice's billing identity, the 837P and the charges CSV. */
export function registerClaimRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const practice = serviceOf(ctx, PracticeService);
  const bills = serviceOf(ctx, SuperbillService);
  const claims = serviceOf(ctx, ClaimFileService);
  const tags = ['billing'];
  const pd = { patientData: true } as const;

  // ── practice identity (admin)
  r.get(
    '/api/billing/practice',
    {
      config: { access: SETTINGS },
      schema: {
        tags,
        summary: 'The practice’s billing identity, clinicians’ NPIs and superbill detail per visit type',
        response: { 200: c.practiceView },
      },
    },
    async (q) => practice.practice(requireAuth(q)),
  );
  r.put(
    '/api/billing/practice',
    {
      config: { access: SETTINGS },
      schema: {
        tags,
        summary: 'Change the practice’s billing identity (NPI and EIN checked)',
        querystring: versionQuery,
        body: c.practiceBody,
        response: { 200: c.practiceView },
      },
    },
    async (q) => practice.savePractice(requireAuth(q), q.body, q.query.version),
  );
  r.put(
    '/api/billing/clinicians/:userId',
    {
      config: { access: SETTINGS },
      schema: {
        tags,
        summary: 'Set a rendering clinician’s NPI (check digit verified), taxonomy and credentials',
        params: c.clinicianParams,
        body: c.clinicianBody,
        response: { 200: c.practiceView },
      },
    },
    async (q) => practice.setClinician(requireAuth(q), q.params.userId, q.body),
  );

  // ── insurance and superbills (staff)
  r.get(
    '/api/patients/:patientId/coverage',
    {
      config: { access: READ, ...pd },
      schema: {
        tags,
        summary: 'The patient’s insurance, where known',
        params: c.patientParams,
        response: { 200: c.coverageView },
      },
    },
    async (q) => practice.coverage(requireAuth(q), q.params.patientId),
  );
  r.put(
    '/api/patients/:patientId/coverage',
    {
      config: { access: WRITE, ...pd },
      schema: {
        tags,
        summary: 'Set the patient’s insurance (insurer, member id, insured)',
        params: c.patientParams,
        body: c.coverageBody,
        response: { 200: c.coverageView },
      },
    },
    async (q) => practice.saveCoverage(requireAuth(q), q.params.patientId, q.body),
  );
  r.get(
    '/api/patients/:patientId/superbill.pdf',
    {
      config: { access: READ, ...pd },
      schema: {
        tags,
        summary: 'A superbill (PDF) for one visit or a date range: finalised charges only',
        params: c.patientParams,
        querystring: c.superbillQuery,
      },
    },
    async (q, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="superbill.pdf"')
        .send(await bills.superbill(requireAuth(q), q.params.patientId, q.query)),
  );
  r.post(
    '/api/patients/:patientId/superbill/email',
    {
      config: { access: READ, ...pd },
      schema: {
        tags,
        summary:
          'Email the patient a link to their superbills in the portal (the email names nothing clinical)',
        params: c.patientParams,
        body: c.superbillEmailBody,
        response: { 200: c.emailResult },
      },
    },
    async (q) => bills.emailSuperbill(requireAuth(q), q.params.patientId, q.body),
  );

  // ── claim file and CSV (biller, admin)
  r.get(
    '/api/billing/claims/preview',
    {
      config: { access: EXPORT, ...pd },
      schema: {
        tags,
        summary: 'The esketamine visits an 837P for these dates would carry, with what blocks each',
        querystring: c.rangeQuery,
        response: { 200: c.claimPreview },
      },
    },
    async (q) => claims.claimPreview(requireAuth(q), q.query.from, q.query.to),
  );
  r.post(
    '/api/billing/claims',
    {
      config: { access: EXPORT, ...pd },
      schema: {
        tags,
        summary: 'Export the 837P (005010X222A1) for the esketamine visits of these dates; records the batch',
        body: c.rangeQuery,
      },
    },
    async (q, reply) => {
      const b = await claims.exportClaims(requireAuth(q), q.body.from, q.body.to);
      return reply
        .status(201)
        .type('application/edi-x12')
        .header('content-disposition', `attachment; filename="claims-${b.controlNumber}.837p.x12"`)
        .header('x-claim-batch', b.id)
        .send(b.content);
    },
  );
  r.get(
    '/api/billing/claims',
    {
      config: { access: EXPORT },
      schema: {
        tags,
        summary: 'The claim files exported, newest first',
        response: { 200: c.claimBatchList },
      },
    },
    async (q) => claims.batches(requireAuth(q)),
  );
  r.get(
    '/api/billing/claims/:batchId/file',
    {
      config: { access: EXPORT, ...pd },
      schema: { tags, summary: 'Download an exported claim file again', params: c.batchParams },
    },
    async (q, reply) => {
      const b = await claims.batchFile(requireAuth(q), q.params.batchId);
      return reply
        .type('application/edi-x12')
        .header('content-disposition', `attachment; filename="claims-${b.controlNumber}.837p.x12"`)
        .send(b.content);
    },
  );
  r.get(
    '/api/billing/charges.csv',
    {
      config: { access: EXPORT, ...pd },
      schema: {
        tags,
        summary: 'Finalised charges of these dates as CSV, for accounting',
        querystring: c.rangeQuery,
      },
    },
    async (q, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="charges-${q.query.from}-to-${q.query.to}.csv"`)
        .send(await claims.chargesCsv(requireAuth(q), q.query.from, q.query.to)),
  );

  // ── the patient's own superbills (portal)
  const portal = { access: 'portal.self', patientData: true } as const;
  r.get(
    '/api/portal/superbills',
    {
      config: portal,
      schema: {
        tags: ['portal', 'billing'],
        summary: 'My visits with a superbill to download',
        response: { 200: c.superbillList },
      },
    },
    async (q) => bills.portalSuperbills(requireAuth(q)),
  );
  r.get(
    '/api/portal/superbill.pdf',
    {
      config: portal,
      schema: {
        tags: ['portal', 'billing'],
        summary: 'My superbill (PDF) for one visit or a date range',
        querystring: c.superbillQuery,
      },
    },
    async (q, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="superbill.pdf"')
        .send(await bills.portalSuperbill(requireAuth(q), q.query)),
  );
}
