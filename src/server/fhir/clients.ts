import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { apiClient, createApiClientBody } from '../../contracts/fhir';
import type { FhirApiClientsTable } from '../db/schema';
import { getPatient } from '../features/patients';
import { findUserById } from '../features/users';
import { appendAudit } from '../platform/audit';
import type { AuthContext } from '../platform/auth-context';
import type { AppContext } from '../platform/context';
import { randomToken, sha256 } from '../platform/crypto';
import { AppError, forbidden, notFound } from '../platform/errors';
import { isStaffRole } from '../platform/permissions';
import { withPatient } from '../platform/scope';
import * as repo from './repository';
import { issueToken, parseScope } from './tokens';

/**
 * API clients for programs (admins issue them; privilege changes are audited) and the patient's own
 * portal-issued token. A client's secret is shown once and stored as a hash; revoking a client ends every
 * token it holds at once.
 */
type ApiClient = z.infer<typeof apiClient>;

const present = (c: FhirApiClientsTable): ApiClient => ({
  id: c.id,
  clientId: c.id,
  name: c.name,
  scopes: JSON.parse(c.scopes) as string[],
  userId: c.user_id,
  patientId: c.patient_id,
  createdBy: c.created_by,
  createdAt: c.created_at,
  revokedAt: c.revoked_at,
  lastTokenAt: c.last_token_at,
});

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

export class ApiClientsService {
  constructor(private readonly ctx: AppContext) {}

  async list(auth: AuthContext): Promise<ApiClient[]> {
    if (!auth.permissions.has('users.read')) throw forbidden();
    return (await repo.listClients(this.ctx.db)).map(present);
  }

  async create(
    auth: AuthContext,
    body: z.infer<typeof createApiClientBody>,
  ): Promise<{ client: ApiClient; clientSecret: string }> {
    if (!auth.permissions.has('users.manage')) throw forbidden();
    const context = body.patientId ? 'patient' : body.userId ? 'user' : 'system';
    body.scopes.forEach((s, i) => {
      const p = parseScope(s);
      if (!p)
        throw invalid(
          `scopes.${i}`,
          'Not a read scope of a supported resource type (write scopes are not offered)',
        );
      if (p.context !== context)
        throw invalid(
          `scopes.${i}`,
          `This client takes ${context}/ scopes (${context === 'system' ? 'no account or patient is bound' : `it is bound to a ${context === 'user' ? 'staff account' : 'patient'}`})`,
        );
    });
    const now = this.ctx.clock.now().toISOString();
    const secret = `lmsec_${randomToken(32)}`;
    const row: FhirApiClientsTable = {
      id: randomUUID(),
      name: body.name,
      secret_hash: sha256(secret),
      scopes: JSON.stringify([...new Set(body.scopes)]),
      user_id: body.userId ?? null,
      patient_id: body.patientId ?? null,
      created_by: auth.userId,
      created_at: now,
      revoked_at: null,
      revoked_by: null,
      last_token_at: null,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      if (body.userId) {
        const u = await findUserById(trx, body.userId);
        if (!u || !isStaffRole(u.role) || u.status !== 'active')
          throw invalid('userId', 'No such active staff account');
      }
      if (body.patientId) {
        const p = await getPatient(trx, body.patientId);
        if (!p) throw invalid('patientId', 'No such patient');
      }
      await repo.insertClient(trx, row);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'api_client.create',
        patientId: row.patient_id,
        objectType: 'api_client',
        objectId: row.id,
        detail: { name: row.name, scopes: JSON.parse(row.scopes), userId: row.user_id },
      });
    });
    return { client: present(row), clientSecret: secret };
  }

  async revoke(auth: AuthContext, id: string): Promise<ApiClient> {
    if (!auth.permissions.has('users.manage')) throw forbidden();
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.findClient(trx, id);
      if (!c) throw notFound('API client');
      const now = this.ctx.clock.now().toISOString();
      if (!c.revoked_at) {
        await repo.updateClient(trx, id, { revoked_at: now, revoked_by: auth.userId });
        await repo.revokeClientTokens(trx, id, now);
        await appendAudit(trx, this.ctx.clock, auth, {
          action: 'api_client.revoke',
          patientId: c.patient_id,
          objectType: 'api_client',
          objectId: id,
        });
      }
      return present({ ...c, revoked_at: c.revoked_at ?? now, revoked_by: c.revoked_by ?? auth.userId });
    });
  }

  /** A patient connects an app to their own record: a one-hour token that reads only their data. */
  async portalToken(auth: AuthContext) {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    const patientId = auth.patientId;
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.fhir_token', objectType: 'access_token' },
      (trx) =>
        issueToken(trx, this.ctx.clock.now(), {
          clientId: null,
          userId: auth.userId,
          patientId,
          scopes: ['patient/*.read'],
        }),
    );
  }

  /** Ends every token the patient issued to themself. */
  async revokePortalTokens(auth: AuthContext): Promise<{ revoked: number }> {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    const patientId = auth.patientId;
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'portal.fhir_token_revoke', objectType: 'access_token' },
      async (trx) => {
        return { revoked: await repo.revokePortalTokens(trx, patientId, this.ctx.clock.now().toISOString()) };
      },
    );
  }
}
