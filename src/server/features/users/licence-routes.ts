import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import { okSchema } from '../../../contracts/common';
import { licence, licenceBody, licenceList, staffResponse } from '../../../contracts/users';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden, notFound } from '../../platform/errors';
import { requireAuth } from '../../platform/require-auth';
import * as repo from './repository';

/**
 * Staff licences (state, type, number, expiry). A clinician may treat a patient only in a state where they
 * are licensed (DOMAIN §7): the chart warns when nobody on the care team is, and admins see what expires soon.
 */
const userParam = z.object({ id: z.uuid() });
const licenceParams = z.object({ id: z.uuid(), licenceId: z.uuid() });
const staffQuery = z.object({
  role: z.enum(['prescriber', 'nurse', 'therapist', 'admin', 'front_desk']).optional(),
});

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function registerLicenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const present = (l: {
    id: string;
    user_id: string;
    name?: string | null;
    state: string;
    licence_type: string;
    number: string;
    expires_on: string;
  }) => ({
    id: l.id,
    userId: l.user_id,
    userName: l.name ?? null,
    state: l.state,
    licenceType: l.licence_type,
    number: l.number,
    expiresOn: l.expires_on,
    daysLeft: daysBetween(today(), l.expires_on),
  });
  const audit = (auth: AuthContext, action: AuditAction, objectId: string, detail: Record<string, unknown>) =>
    ctx.db
      .transaction()
      .execute((trx) => appendAudit(trx, ctx.clock, auth, { action, objectType: 'user', objectId, detail }));

  r.get(
    '/api/staff',
    {
      config: { access: 'patients.read' },
      schema: {
        tags: ['admin'],
        summary: 'Active staff, for care-team and witness pickers',
        querystring: staffQuery,
        response: { 200: staffResponse },
      },
    },
    async (request) => {
      if (requireAuth(request).role === 'patient') throw forbidden();
      return { staff: await repo.listActiveStaff(ctx.db, request.query.role) };
    },
  );

  r.get(
    '/api/admin/users/:id/licences',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['admin'],
        summary: "A staff member's licences",
        params: userParam,
        response: { 200: licenceList },
      },
    },
    async (request) => {
      const rows = await repo.licencesOf(ctx.db, request.params.id);
      return { licences: rows.map(present) };
    },
  );

  r.post(
    '/api/admin/users/:id/licences',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Add a licence',
        params: userParam,
        body: licenceBody,
        response: { 201: licence },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const user = await repo.findUserById(ctx.db, request.params.id);
      if (!user || user.role === 'patient') throw notFound('user');
      const row = {
        id: randomUUID(),
        user_id: user.id,
        state: request.body.state,
        licence_type: request.body.licenceType,
        number: request.body.number,
        expires_on: request.body.expiresOn,
        created_at: ctx.clock.now().toISOString(),
        removed_at: null,
      };
      await ctx.db.transaction().execute(async (trx) => {
        await repo.insertLicence(trx, row);
        await appendAudit(trx, ctx.clock, auth, {
          action: 'user.licence_add',
          objectType: 'user',
          objectId: user.id,
          detail: { state: row.state, type: row.licence_type },
        });
      });
      return reply.status(201).send(present(row));
    },
  );

  r.post(
    '/api/admin/users/:id/licences/:licenceId/remove',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Remove a licence (kept in history)',
        params: licenceParams,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const removed = await repo.removeLicence(
        ctx.db,
        request.params.id,
        request.params.licenceId,
        ctx.clock.now().toISOString(),
      );
      if (!removed) throw notFound('licence');
      await audit(requireAuth(request), 'user.licence_remove', request.params.id, {
        licenceId: request.params.licenceId,
      });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/admin/licences/expiring',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['admin'],
        summary: 'Licences that expire within the next N days (default 60)',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(730).default(60) }),
        response: { 200: licenceList },
      },
    },
    async (request) => {
      const until = new Date(Date.parse(`${today()}T00:00:00Z`) + request.query.days * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const rows = await repo.licencesExpiringBy(ctx.db, until);
      return { licences: rows.map(present) };
    },
  );
}
