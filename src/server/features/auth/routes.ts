import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  acceptInviteBody,
  changePasswordBody,
  inviteInfoResponse,
  inviteTokenBody,
  loginBody,
  meResponse,
  mfaEnableBody,
  mfaSetupResponse,
  mfaVerifyBody,
  publicInfoResponse,
  recoveryCodesResponse,
} from '../../../contracts/auth';
import { okSchema } from '../../../contracts/common';
import { sessionCookieName, sessionHintCookieName } from '../../platform/access-hook';
import type { AppContext } from '../../platform/context';
import { readPublicInfo } from '../../platform/public-info';
import { requireAuth, requireSession } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { AuthService } from './service';

const tags = ['auth'];

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = serviceOf(ctx, AuthService);
  const cookieName = sessionCookieName(ctx.config.secureCookies);

  // Beside the HttpOnly session cookie, a readable hint that holds no secret: the web app asks the server who is
  // signed in only when it is there (a signed-out visitor's page then makes no request that must fail).
  const hintName = sessionHintCookieName(ctx.config.secureCookies);
  const setCookie = (reply: FastifyReply, token: string) =>
    reply
      .setCookie(cookieName, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        path: '/',
      })
      .setCookie(hintName, '1', {
        httpOnly: false,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        path: '/',
      });
  const clearCookie = (reply: FastifyReply) =>
    reply
      .clearCookie(cookieName, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        path: '/',
      })
      .clearCookie(hintName, {
        httpOnly: false,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        path: '/',
      });

  r.get(
    '/api/public/info',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Clinic name and mode, for the sign-in and public pages',
        response: { 200: publicInfoResponse },
      },
    },
    async () => readPublicInfo(ctx),
  );

  r.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: loginBody,
        response: { 200: meResponse },
      },
    },
    async (request, reply) => {
      const { token, me } = await auth.login(
        request.meta,
        request.body,
        request.headers['user-agent'] ?? null,
        request.session?.id ?? null,
      );
      setCookie(reply, token);
      return me;
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: { tags, summary: 'Sign out: ends the session at once', response: { 200: okSchema } },
    },
    async (request, reply) => {
      await auth.logout(requireAuth(request));
      clearCookie(reply);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: {
        tags,
        summary: 'The signed-in user, role, permissions and session',
        response: { 200: meResponse },
      },
    },
    async (request) => auth.me(requireAuth(request), requireSession(request)),
  );

  r.post(
    '/api/auth/refresh',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: {
        tags,
        summary: 'Keep the session alive (resets the idle timer)',
        response: { 200: meResponse },
      },
    },
    async (request) => auth.me(requireAuth(request), requireSession(request)),
  );

  r.post(
    '/api/auth/mfa/verify',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: {
        tags,
        summary: 'Complete sign-in with a TOTP code or a recovery code',
        body: mfaVerifyBody,
        response: { 200: meResponse },
      },
    },
    async (request) => auth.verifyMfa(requireAuth(request), requireSession(request), request.body),
  );

  r.post(
    '/api/auth/mfa/setup',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: {
        tags,
        summary: 'Start TOTP enrolment: a new secret and its QR code',
        response: { 200: mfaSetupResponse },
      },
    },
    async (request) => auth.setupMfa(requireAuth(request)),
  );

  r.post(
    '/api/auth/mfa/enable',
    {
      config: { access: 'authenticated', mfaExempt: true },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a code; returns single-use recovery codes once',
        body: mfaEnableBody,
        response: { 200: recoveryCodesResponse },
      },
    },
    async (request) => auth.enableMfa(requireAuth(request), request.body.code),
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change your password (ends your other sessions)',
        body: changePasswordBody,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await auth.changePassword(requireAuth(request), request.body);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/invite/inspect',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Who an invitation is for (token in the body, never in a URL)',
        body: inviteTokenBody,
        response: { 200: inviteInfoResponse },
      },
    },
    async (request) => auth.inspectInvite(request.body.token),
  );

  r.post(
    '/api/auth/invite/accept',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Accept an invitation by setting a password',
        body: acceptInviteBody,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await auth.acceptInvite(request.meta, request.body.token, request.body.password);
      return { ok: true as const };
    },
  );
}
