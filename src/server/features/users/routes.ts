import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inviteBody } from '../../../contracts/auth';
import { breakGlassBody } from '../../../contracts/emergency';
import {
  changeRoleBody,
  inviteResponse,
  userIdParam,
  userListResponse,
  userSummary,
} from '../../../contracts/users';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { UsersService } from './service';

const tags = ['admin'];

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const users = serviceOf(ctx, UsersService);

  r.get(
    '/api/admin/users',
    {
      config: { access: 'users.read' },
      schema: { tags, summary: 'Staff accounts', response: { 200: userListResponse } },
    },
    async (request) => ({ users: await users.list(requireAuth(request)) }),
  );

  r.post(
    '/api/admin/users/invite',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: 'Invite a staff member (emails a single-use link)',
        body: inviteBody,
        response: { 201: inviteResponse },
      },
    },
    async (request, reply) => {
      const result = await users.invite(requireAuth(request), request.body);
      return reply.status(201).send(result);
    },
  );

  r.post(
    '/api/admin/users/:id/role',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: "Change a staff member's role",
        params: userIdParam,
        body: changeRoleBody,
        response: { 200: userSummary },
      },
    },
    async (request) => users.changeRole(requireAuth(request), request.params.id, request.body.role),
  );

  r.post(
    '/api/admin/users/:id/disable',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: 'Disable an account (ends its sessions at once)',
        params: userIdParam,
        response: { 200: userSummary },
      },
    },
    async (request) => users.disable(requireAuth(request), request.params.id),
  );

  r.post(
    '/api/admin/users/:id/enable',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: 'Re-enable a disabled account',
        params: userIdParam,
        response: { 200: userSummary },
      },
    },
    async (request) => users.enable(requireAuth(request), request.params.id),
  );

  r.post(
    '/api/admin/users/:id/break-glass',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: 'Designate (or stop designating) a staff member for emergency access to confidential charts',
        params: userIdParam,
        body: breakGlassBody,
        response: { 200: userSummary },
      },
    },
    async (request) => users.setBreakGlass(requireAuth(request), request.params.id, request.body.allowed),
  );

  r.post(
    '/api/admin/users/:id/reset-mfa',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: 'Reset two-factor authentication (the user enrols again)',
        params: userIdParam,
        response: { 200: userSummary },
      },
    },
    async (request) => users.resetMfa(requireAuth(request), request.params.id),
  );
}
