import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/billing';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { FeeScheduleService } from './fees';
import { PaymentsService } from './payments';
import { BillingService } from './service';

/** Charges, payments and the billing worklist (billing.read / billing.write), and the fee schedule (billing.settings). */
export function registerBillingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, BillingService);
  const pay = serviceOf(ctx, PaymentsService);
  const fees = serviceOf(ctx, FeeScheduleService);
  const tags = ['billing'];
  const read = { access: 'billing.read', patientData: true } as const;
  const write = { access: 'billing.write', patientData: true } as const;
  const settings = { access: 'billing.settings' } as const;

  r.get(
    '/api/patients/:patientId/billing',
    {
      config: read,
      schema: {
        tags,
        summary: 'A patient’s completed visits with their charge lines, payments and balance',
        params: c.patientParams,
        response: { 200: c.patientBilling },
      },
    },
    async (q) => svc.patientBilling(requireAuth(q), q.params.patientId),
  );
  r.get(
    '/api/billing/worklist',
    {
      config: read,
      schema: {
        tags,
        summary: 'Completed visits whose charges wait for review, oldest first',
        querystring: c.worklistQuery,
        response: { 200: c.worklistResponse },
      },
    },
    async (q) => svc.worklist(requireAuth(q), q.query),
  );
  r.post(
    '/api/billing/visits/:visitId/propose',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Propose a completed visit’s charge lines from its record (replaces lines the rules proposed)',
        params: c.visitParams,
        response: { 200: c.proposeResponse },
      },
    },
    async (q) => svc.propose(requireAuth(q), q.params.visitId),
  );
  r.post(
    '/api/billing/visits/:visitId/lines',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a charge line by hand (proposed)',
        params: c.visitParams,
        body: c.lineBody,
        response: { 200: c.billingVisit },
      },
    },
    async (q) => svc.addLine(requireAuth(q), q.params.visitId, q.body),
  );
  r.post(
    '/api/billing/visits/:visitId/finalise',
    {
      config: write,
      schema: {
        tags,
        summary: 'Finalise the visit’s proposed lines (locked afterwards)',
        params: c.visitParams,
        body: c.finaliseBody,
        response: { 200: c.finaliseResponse },
      },
    },
    async (q) => svc.finalise(requireAuth(q), q.params.visitId, q.body.lineIds),
  );
  r.put(
    '/api/billing/lines/:lineId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a proposed line',
        params: c.lineParams,
        body: c.editLineBody,
        response: { 200: c.billingVisit },
      },
    },
    async (q) => svc.editLine(requireAuth(q), q.params.lineId, q.body),
  );
  r.delete(
    '/api/billing/lines/:lineId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a proposed line',
        params: c.lineParams,
        response: { 200: c.billingVisit },
      },
    },
    async (q) => svc.removeLine(requireAuth(q), q.params.lineId),
  );
  r.post(
    '/api/billing/lines/:lineId/reverse',
    {
      config: write,
      schema: {
        tags,
        summary: 'Reverse a final line: a new final line with the negated amount',
        params: c.lineParams,
        body: c.reverseBody,
        response: { 200: c.billingVisit },
      },
    },
    async (q) => svc.reverse(requireAuth(q), q.params.lineId, q.body.reason),
  );
  r.post(
    '/api/patients/:patientId/payments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a payment (not beyond the balance), optionally allocated to charges',
        params: c.patientParams,
        body: c.paymentBody,
        response: { 200: c.patientBilling },
      },
    },
    async (q) => pay.record(requireAuth(q), q.params.patientId, q.body),
  );
  r.post(
    '/api/patients/:patientId/payments/:paymentId/void',
    {
      config: write,
      schema: {
        tags,
        summary: 'Void a payment recorded by mistake (a second, negative entry)',
        params: c.paymentParams,
        body: c.voidPaymentBody,
        response: { 200: c.patientBilling },
      },
    },
    async (q) => pay.void(requireAuth(q), q.params.patientId, q.params.paymentId, q.body.reason),
  );
  r.get(
    '/api/billing/fee-schedule',
    {
      config: read,
      schema: {
        tags,
        summary: 'The codes and prices charges are made from',
        response: { 200: c.feeScheduleResponse },
      },
    },
    async (q) => fees.list(requireAuth(q)),
  );
  r.get(
    '/api/admin/fee-schedule',
    {
      config: settings,
      schema: {
        tags,
        summary: 'The clinic’s fee schedule, to edit',
        response: { 200: c.feeScheduleResponse },
      },
    },
    async (q) => fees.list(requireAuth(q)),
  );
  r.post(
    '/api/admin/fee-schedule',
    {
      config: settings,
      schema: { tags, summary: 'Add a fee', body: c.feeBody, response: { 200: c.feeIdResponse } },
    },
    async (q) => fees.create(requireAuth(q), q.body),
  );
  r.put(
    '/api/admin/fee-schedule/:feeId',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Change a fee (price, dates, description, retire)',
        params: c.feeParams,
        body: c.editFeeBody,
        response: { 200: c.feeIdResponse },
      },
    },
    async (q) => fees.update(requireAuth(q), q.params.feeId, q.body),
  );
}
