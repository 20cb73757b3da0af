import type { z } from 'zod';
import type { auditEntry, auditQuery } from '../../../contracts/audit';
import { toBool } from '../../db/dialect';
import { type ChainVerdict, verifyAuditChain } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';

type Query = z.infer<typeof auditQuery>;
type Entry = z.infer<typeof auditEntry>;

/** Reading the audit log (admins). Reading it is not itself patient data, so it is not audited per page. */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  async list(auth: AuthContext, q: Query): Promise<{ entries: Entry[]; nextBefore: number | null }> {
    if (!auth.permissions.has('audit.read')) throw new AppError('forbidden');
    let query = this.ctx.db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select([
        'a.seq', 'a.id', 'a.at', 'a.actor_id', 'a.actor_role', 'a.patient_id', 'a.action', 'a.object_type',
        'a.object_id', 'a.outcome', 'a.ip', 'a.request_id', 'a.emergency', 'a.detail', 'u.name as actor_name',
      ])
      .orderBy('a.seq', 'desc')
      .limit(q.limit + 1);
    if (q.actorId) query = query.where('a.actor_id', '=', q.actorId);
    if (q.patientId) query = query.where('a.patient_id', '=', q.patientId);
    if (q.action) query = query.where('a.action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
    if (q.outcome) query = query.where('a.outcome', '=', q.outcome);
    if (q.emergency) query = query.where('a.emergency', '=', q.emergency === 'true' ? 1 : 0);
    if (q.from) query = query.where('a.at', '>=', new Date(q.from).toISOString());
    if (q.to) query = query.where('a.at', '<=', new Date(q.to).toISOString());
    if (q.before) query = query.where('a.seq', '<', q.before);
    const rows = await query.execute();
    const page = rows.slice(0, q.limit);
    return {
      entries: page.map((r) => ({
        seq: Number(r.seq),
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name ?? null,
        actorRole: r.actor_role,
        patientId: r.patient_id,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        outcome: r.outcome,
        ip: r.ip,
        requestId: r.request_id,
        emergency: toBool(r.emergency),
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
      })),
      nextBefore: rows.length > q.limit ? Number(page[page.length - 1]?.seq) : null,
    };
  }

  async verify(auth: AuthContext): Promise<ChainVerdict> {
    if (!auth.permissions.has('audit.read')) throw new AppError('forbidden');
    return verifyAuditChain(this.ctx.db);
  }
}
