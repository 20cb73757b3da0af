import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../db/dialect';
import { findUserById } from '../features/users';
import { appendAudit } from '../platform/audit';
import type { AuthContext, RequestMeta } from '../platform/auth-context';
import type { AppContext } from '../platform/context';
import { randomToken, safeEqual, sha256 } from '../platform/crypto';
import { type Permission, permissionsFor, type Role } from '../platform/permissions';
import { TYPE_NAMES, typeDef } from './registry';
import * as repo from './repository';

/**
 * Bearer tokens for the FHIR API (OAuth 2.0 client credentials with SMART-style scopes). A token is 256
 * random bits; only its SHA-256 is stored. Scopes decide which resource types a token reads and are mapped
 * onto the same permissions a signed-in user has, so the routes' access checks apply unchanged.
 *
 *   system/<Type|*>.read   a program reading clinic-wide data (role 'api_client' in the audit log)
 *   user/<Type|*>.read     a program acting for one staff account (never more than that account may do)
 *   patient/<Type|*>.read  a program (or the patient's own token) limited to one patient's record
 *
 * SMART v2 permission strings (`.rs`, `.r`, `.s`) are accepted as read; write scopes are not granted.
 */
export const TOKEN_LIFETIME_SECONDS = 3600;
export const SCOPE_CONTEXTS = ['system', 'user', 'patient'] as const;
export type ScopeContext = (typeof SCOPE_CONTEXTS)[number];

/** The audit role of a system-level client: not a person, not one of the staff roles. */
export const API_CLIENT_ROLE = 'api_client' as Role;

export interface Scope {
  context: ScopeContext;
  type: string; // resource type or '*'
}

export function parseScope(s: string): Scope | null {
  const m = /^(system|user|patient)\/(\*|[A-Z][A-Za-z]+)\.(read|\*|[cruds]+)$/.exec(s);
  if (!m) return null;
  const [, context, type, perm] = m as unknown as [string, ScopeContext, string, string];
  const readable = perm === 'read' || perm === '*' || /[rs]/.test(perm);
  if (!readable || (type !== '*' && !TYPE_NAMES.includes(type))) return null;
  return { context, type };
}

/** Whether a granted scope list lets a token read a resource type; no scopes (a browser session) means yes. */
export function allowsType(auth: Pick<AuthContext, 'scopes'>, type: string): boolean {
  if (!auth.scopes) return true;
  return auth.scopes.some((s) => {
    const p = parseScope(s);
    return p !== null && (p.type === '*' || p.type === type);
  });
}

/** The permissions a set of scopes needs at the routes (each type's read permission). */
export function permissionsForScopes(scopes: readonly string[]): Set<Permission> {
  const perms = new Set<Permission>();
  for (const s of scopes) {
    const p = parseScope(s);
    if (!p) continue;
    for (const name of p.type === '*' ? TYPE_NAMES : [p.type]) {
      const access = typeDef(name)?.access;
      if (access && access !== 'authenticated' && access !== 'public') perms.add(access);
    }
  }
  return perms;
}

/** Does `allowed` cover `wanted` (same context, same or wildcard type)? */
export function scopeCovers(allowed: readonly string[], wanted: string): boolean {
  const w = parseScope(wanted);
  return (
    w !== null &&
    allowed.some((a) => {
      const p = parseScope(a);
      return p !== null && p.context === w.context && (p.type === '*' || p.type === w.type);
    })
  );
}

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  patient?: string;
}

/** Stores a new token (hash only) and returns it once. */
export async function issueToken(
  db: Executor,
  now: Date,
  grant: { clientId: string | null; userId: string | null; patientId: string | null; scopes: string[] },
): Promise<IssuedToken> {
  const token = `lmat_${randomToken(32)}`;
  await repo.insertToken(db, {
    id: randomUUID(),
    token_hash: sha256(token),
    client_id: grant.clientId,
    user_id: grant.userId,
    patient_id: grant.patientId,
    scopes: JSON.stringify(grant.scopes),
    issued_at: now.toISOString(),
    expires_at: new Date(now.getTime() + TOKEN_LIFETIME_SECONDS * 1000).toISOString(),
    revoked_at: null,
  });
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    scope: grant.scopes.join(' '),
    ...(grant.patientId ? { patient: grant.patientId } : {}),
  };
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(description);
  }
}

/** The client-credentials grant: checks the client and its secret, narrows the scopes if asked. */
export async function clientCredentials(
  ctx: AppContext,
  form: Record<string, unknown>,
  basic: { id: string; secret: string } | null,
  meta: RequestMeta,
): Promise<IssuedToken> {
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  if (str('grant_type') !== 'client_credentials')
    throw new OAuthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
  const id = basic?.id ?? str('client_id') ?? '';
  const secret = basic?.secret ?? str('client_secret') ?? '';
  const client = id.length <= 100 ? await repo.findClient(ctx.db, id) : undefined;
  // The same answer for an unknown client, a wrong secret and a revoked client.
  if (
    !client ||
    client.revoked_at ||
    !secret ||
    secret.length > 200 ||
    !safeEqual(sha256(secret), client.secret_hash)
  ) {
    // A failed client authentication is audited like a failed sign-in (the id only when it is one of ours).
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, ctx.clock, meta, {
        action: 'api_client.token',
        outcome: 'denied',
        objectType: 'api_client',
        objectId: client?.id ?? null,
        detail: { reason: client?.revoked_at ? 'revoked' : 'invalid_client' },
      }),
    );
    throw new OAuthError(
      401,
      'invalid_client',
      'The client id or secret is not correct, or the client was revoked.',
    );
  }
  const allowed = JSON.parse(client.scopes) as string[];
  const requested = (str('scope') ?? '').split(/\s+/).filter(Boolean);
  const bad = requested.filter((s) => !scopeCovers(allowed, s));
  if (bad.length)
    throw new OAuthError(400, 'invalid_scope', `Not granted to this client: ${bad.join(' ').slice(0, 200)}`);
  const now = ctx.clock.now();
  const scopes = requested.length ? requested : allowed;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateClient(trx, client.id, { last_token_at: now.toISOString() });
    const actor = {
      ...meta,
      userId: client.id,
      role: API_CLIENT_ROLE,
      emergency: false,
    } as unknown as AuthContext;
    await appendAudit(trx, ctx.clock, actor, {
      action: 'api_client.token',
      patientId: client.patient_id,
      objectType: 'api_client',
      objectId: client.id,
      detail: { scopes },
    });
    return issueToken(trx, now, {
      clientId: client.id,
      userId: client.user_id,
      patientId: client.patient_id,
      scopes,
    });
  });
}

/**
 * The access hook's bearer support: resolves `Authorization: Bearer …` on /fhir routes to the caller.
 * Null when there is no usable token (the route then answers 401). Tokens never authenticate /api routes.
 */
export async function resolveBearer(ctx: AppContext, request: FastifyRequest): Promise<AuthContext | null> {
  if (!request.url.startsWith('/fhir/')) return null;
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_\-.~+/]{10,200}=*)$/i.exec(header) : null;
  if (!m) return null;
  const now = ctx.clock.now().toISOString();
  const row = await repo.findTokenWithClient(ctx.db, sha256(m[1] as string));
  if (!row || row.revoked_at || row.client_revoked_at || row.expires_at <= now) return null;
  const scopes = JSON.parse(row.scopes) as string[];
  const fromScopes = permissionsForScopes(scopes);
  const base = {
    sessionId: `bearer:${row.id}`,
    mfaVerified: true,
    emergency: false,
    ip: request.meta.ip,
    requestId: request.meta.requestId,
    scopes,
    clientId: row.client_id,
    email: '',
  };
  // A token tied to an account (a portal patient's own token, a user/ client) ends with that account.
  const user = row.user_id ? await findUserById(ctx.db, row.user_id) : null;
  if (row.user_id && user?.status !== 'active') return null;
  if (row.patient_id) {
    return {
      ...base,
      userId: row.client_id ?? row.user_id ?? row.id,
      role: 'patient',
      name: row.client_name ?? 'Patient access token',
      permissions: fromScopes,
      patientId: row.patient_id,
    };
  }
  if (user) {
    if (user.role === 'patient') return null;
    const own = new Set(permissionsFor(user.role));
    return {
      ...base,
      userId: user.id,
      role: user.role as Role,
      name: user.name,
      email: user.email,
      permissions: new Set([...fromScopes].filter((p) => own.has(p))),
      patientId: null,
    };
  }
  return {
    ...base,
    userId: row.client_id ?? row.id,
    role: API_CLIENT_ROLE,
    name: row.client_name ?? 'API client',
    permissions: fromScopes,
    patientId: null,
  };
}
