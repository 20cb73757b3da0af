import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  clinicDashboard,
  clinicOutcomes,
  dashboardCellQuery,
  dashboardFilters,
  dashboardPatients,
} from '../../../contracts/outcomes';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { getSetting } from '../../platform/settings';
import { OutcomesDashboardService } from './dashboard';
import { dashboardCsv, dashboardPdf } from './export';
import { OutcomesService } from './service';

export function registerOutcomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, OutcomesService);
  const dash = serviceOf(ctx, OutcomesDashboardService);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'outcomes.read', patientData: true } as const;
  r.get(
    '/api/outcomes',
    {
      config,
      schema: {
        tags: ['measures'],
        summary:
          'Clinic outcomes: response and remission rates per instrument (each instrument’s own rules, latest score against baseline)',
        response: { 200: clinicOutcomes },
      },
    },
    async (request) => svc.clinic(requireAuth(request)),
  );
  r.get(
    '/api/outcomes/dashboard',
    {
      config,
      schema: {
        tags: ['measures'],
        summary:
          'Clinic outcomes dashboard: response and remission by route, indication, dose band and experience band (95 % Wilson intervals), time to response, change by week, courses stopped early',
        querystring: dashboardFilters,
        response: { 200: clinicDashboard },
      },
    },
    async (q) => dash.dashboard(requireAuth(q), q.query),
  );
  r.get(
    '/api/outcomes/dashboard/patients',
    {
      config,
      schema: {
        tags: ['measures'],
        summary:
          'The patients behind one dashboard figure (needs patients.read too; confidential records the reader may not open are counted, not listed)',
        querystring: dashboardCellQuery,
        response: { 200: dashboardPatients },
      },
    },
    async (q) => dash.patients(requireAuth(q), q.query),
  );
  r.get(
    '/api/outcomes/dashboard.csv',
    {
      config,
      schema: {
        tags: ['measures'],
        summary: 'The dashboard’s aggregated table as CSV (no patient named)',
        querystring: dashboardFilters,
        response: { 200: z.string() },
      },
    },
    async (q, reply) => {
      const d = await dash.report(requireAuth(q), q.query, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="clinic-outcomes.csv"')
        .send(dashboardCsv(d));
    },
  );
  r.get(
    '/api/outcomes/dashboard.pdf',
    {
      config,
      schema: {
        tags: ['measures'],
        summary:
          'The dashboard as a PDF report for a quality meeting, with the method and a “not a clinical trial” note',
        querystring: dashboardFilters,
      },
    },
    async (q, reply) => {
      const d = await dash.report(requireAuth(q), q.query, 'pdf');
      const pdf = await dashboardPdf(d, await getSetting(ctx.db, 'clinic.name'));
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="clinic-outcomes.pdf"')
        .send(pdf);
    },
  );
}
