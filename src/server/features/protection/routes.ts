import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { backupRun, dataProtectionStatus } from '../../../contracts/protection';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { ProtectionService } from './service';

export function registerProtectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, ProtectionService);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  r.get(
    '/api/admin/data-protection',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Encryption at rest, backups and chain receipts (no patient data)',
        response: { 200: dataProtectionStatus },
      },
    },
    async (request) => svc.status(requireAuth(request)),
  );
  r.post(
    '/api/admin/data-protection/backups',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Write an encrypted backup now (embedded SQLite with BACKUP_DIR and a key); audited',
        response: { 200: backupRun },
      },
    },
    async (request) => svc.backupNow(requireAuth(request)),
  );
}
