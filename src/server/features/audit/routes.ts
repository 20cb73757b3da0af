import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListResponse, auditQuery, auditVerifyResponse } from '../../../contracts/audit';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { AuditService } from './service';

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const audit = serviceOf(ctx, AuditService);

  r.get(
    '/api/admin/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: 'Browse the audit log, newest first',
        querystring: auditQuery,
        response: { 200: auditListResponse },
      },
    },
    async (request) => audit.list(requireAuth(request), request.query),
  );

  r.get(
    '/api/admin/audit/verify',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: 'Verify the audit hash chain',
        response: { 200: auditVerifyResponse },
      },
    },
    async (request) => audit.verify(requireAuth(request)),
  );
}
