import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BACKGROUND_HEADER } from '../../contracts/auth';
import { isPostgres, toBool } from '../db/dialect';
import { appendAudit } from './audit';
import { type AuthContext, type SeenKey, sessionAuthContext } from './auth-context';
import type { AppContext } from './context';
import { safeEqual } from './crypto';
import { AppError } from './errors';
import { readIdempotencyKey, replayIfSeen } from './idempotency';
import { isStaffRole } from './permissions';
import type { SessionRecord, SessionUser } from './sessions';
import './fastify-types';

export const SESSION_COOKIE = 'liminal_session';
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);
/** A readable cookie set and cleared with the session cookie, holding no secret (the web app reads it). */
export const sessionHintCookieName = (secure: boolean) =>
  secure ? '__Host-liminal_signed_in' : 'liminal_signed_in';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who a request's `Authorization` header stands for, or null. The FHIR API's bearer tokens resolve here; the
 * platform takes the resolver from the composition root (app.ts) so that it depends on no protocol adapter.
 */
export type BearerResolver = (ctx: AppContext, request: FastifyRequest) => Promise<AuthContext | null>;

/**
 * One hook decides every request's access before its body is validated: who is calling (session cookie, or a
 * bearer token through `resolveBearer`), the anti-forgery check for state-changing methods, MFA, and the
 * route's declared permission.
 */
export function registerAccessHook(
  app: FastifyInstance,
  ctx: AppContext,
  resolveBearer: BearerResolver,
): void {
  const cookieName = sessionCookieName(ctx.config.secureCookies);
  const allowedOrigin = new URL(ctx.config.publicUrl).origin;

  app.decorateRequest('auth', null);
  app.decorateRequest('session', null);
  app.decorateRequest('meta', null as never);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.meta = { ip: request.ip ?? null, requestId: String(request.id) };
    reply.header('x-request-id', request.id);
    const cfg = request.routeOptions.config;
    const access = cfg?.access;
    if (!access) return; // static files and the not-found handler
    request.meta.idempotencyKey = readIdempotencyKey(request);
    request.meta.requestLine = `${request.method} ${request.routeOptions.url}`;

    const token = request.cookies?.[cookieName];
    if (token) await resolveAuth(request, ctx, token);
    // FHIR API programs: a bearer token (never sent by a browser on its own, so no anti-forgery check).
    if (!request.auth && request.headers.authorization) request.auth = await resolveBearer(ctx, request);
    const bearer = Boolean(request.auth?.scopes);

    if (STATE_CHANGING.has(request.method) && !bearer) checkCsrf(request, allowedOrigin, access === 'public');
    if (access === 'public') {
      if (request.meta.idempotencyKey) await replayIfSeen(ctx, request, reply, request.meta);
      return;
    }

    const auth = request.auth;
    if (!auth) {
      if (cfg.patientData) await auditDenied(ctx, request, 'unauthenticated');
      throw new AppError('unauthenticated', 'Sign in to continue.');
    }
    if (!cfg.mfaExempt && !bearer) {
      const step = nextAuthStep(auth, ctx.config.LIMINAL_DEMO, mfaEnabledOf(request));
      if (step === 'mfa') {
        await auditDenied(ctx, request, 'mfa_required');
        throw new AppError('mfa_required', 'Enter the code from your authenticator app first.');
      }
      if (step === 'enrol') {
        await auditDenied(ctx, request, 'mfa_enrolment_required');
        throw new AppError('mfa_enrolment_required', 'Staff accounts must set up two-factor authentication.');
      }
    }
    if (access !== 'authenticated' && !auth.permissions.has(access)) {
      await auditDenied(ctx, request, 'forbidden', access);
      throw new AppError('forbidden');
    }
    // A screen refreshing itself is not someone at it: only what a person did moves the idle limit (S9).
    if (request.session && (STATE_CHANGING.has(request.method) || request.headers[BACKGROUND_HEADER] !== '1'))
      request.session = await ctx.sessions.touch(request.session);
    if (request.meta.idempotencyKey) await replayIfSeen(ctx, request, reply, auth);
  });
}

const mfaEnabledKey = Symbol('mfaEnabled');
const mfaEnabledOf = (r: FastifyRequest): boolean =>
  Boolean((r as unknown as Record<symbol, boolean>)[mfaEnabledKey]);

/** 'mfa' → the account has MFA and this session has not passed it; 'enrol' → staff without MFA, outside demo. */
export function nextAuthStep(
  auth: AuthContext,
  demoMode: boolean,
  mfaEnabled: boolean,
): 'mfa' | 'enrol' | null {
  if (mfaEnabled && !auth.mfaVerified) return 'mfa';
  if (!mfaEnabled && isStaffRole(auth.role) && !demoMode) return 'enrol';
  return null;
}

async function resolveAuth(request: FastifyRequest, ctx: AppContext, token: string): Promise<void> {
  // Session and account in one query, fresh on every request (nothing cached: an ended session or a disabled
  // account is refused on its very next request); with a write's Idempotency-Key, what the account recorded
  // under it, read in the same query for the replay check.
  // A read of one patient's record that the route declares (on PostgreSQL, where each statement is a round trip)
  // is read in the same query too, for the route's access check to take (platform/first-read.ts).
  const key = request.meta.idempotencyKey;
  const plan = isPostgres(ctx.db) ? request.routeOptions.config.firstRead?.(request) : undefined;
  const found: {
    session: SessionRecord;
    user: SessionUser;
    seen?: SeenKey | undefined;
    read?: Record<string, unknown>;
  } | null = plan
    ? await ctx.sessions.resolveWithUserAndRead(token, plan, key ?? undefined)
    : key
      ? await ctx.sessions.resolveWithUserAndKey(token, key)
      : await ctx.sessions.resolveWithUser(token);
  if (!found) return;
  const { session, user } = found;
  if (user.status !== 'active') {
    await ctx.sessions.end(session.id, 'account_not_active');
    return;
  }
  request.session = session;
  (request as unknown as Record<symbol, boolean>)[mfaEnabledKey] = toBool(user.mfa_enabled);
  request.auth = {
    ...sessionAuthContext(user, session, request.meta),
    canBreakGlass: toBool(user.can_break_glass),
    idempotencyKey: request.meta.idempotencyKey ?? null,
    requestLine: request.meta.requestLine,
    ...(key ? { idempotencyLookup: { seen: found.seen } } : {}),
  };
  const mfaPassed = session.mfaVerified || !toBool(user.mfa_enabled);
  const taken = plan && found.read ? plan.reader.taken(found.read, user.role, mfaPassed) : undefined;
  if (plan && taken) request.auth.firstRead = { reader: plan.reader, args: plan.args, row: taken.row };
}

/**
 * Anti-forgery (S11). Cross-site requests are refused by Origin / Sec-Fetch-Site; a signed-in request must
 * also echo its session's CSRF token in `x-csrf-token` (a custom header a cross-site form cannot send).
 * Public routes (sign-in, invite acceptance) get the origin check; they accept JSON only, which a
 * cross-site form cannot send without a CORS preflight we never grant.
 */
function checkCsrf(request: FastifyRequest, allowedOrigin: string, isPublic: boolean): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('csrf_failed', 'Cross-site requests are not accepted.');
  const origin = request.headers.origin;
  if (origin && origin !== allowedOrigin && origin !== `${request.protocol}://${request.headers.host}`) {
    throw new AppError('csrf_failed', 'The request came from another site.');
  }
  if (isPublic || !request.session) return;
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, request.session.csrfToken)) {
    throw new AppError(
      'csrf_failed',
      'The anti-forgery token is missing or wrong. Reload the page and try again.',
    );
  }
}

async function auditDenied(
  ctx: AppContext,
  request: FastifyRequest,
  reason: string,
  needed?: string,
): Promise<void> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  // Only well-formed ids are recorded: a refused request's parameters are attacker-controlled.
  const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : null);
  const patientId = uuid(params.patientId);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, ctx.clock, request.auth ?? request.meta, {
      action: `http.${request.method.toLowerCase()} ${request.routeOptions.url ?? ''}`,
      outcome: 'denied',
      patientId,
      objectId: uuid(params.id),
      detail: { reason, ...(needed ? { needed } : {}) },
    }),
  );
}
