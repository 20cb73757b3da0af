import type { Executor } from '../../db/dialect';

/** The SQL that reads the audit log for review (platform/audit.ts writes and verifies it). */
export interface AuditFilter {
  actorId?: string;
  patientId?: string;
  /** Entries about any of these patients (an empty list matches none). */
  patientIds?: string[];
  /** Exactly this action, or (`actionPrefix`) every action starting with it. */
  action?: string;
  actionPrefix?: string;
  outcome?: string;
  emergency?: boolean;
  from?: string;
  to?: string;
  /** Entries before this sequence number (the next page). */
  before?: number;
}

/** Entries matching the filter, newest first, at most `limit`, with the actor's name. */
export function auditEntries(db: Executor, f: AuditFilter, limit: number) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.seq',
      'a.id',
      'a.at',
      'a.actor_id',
      'a.actor_role',
      'a.patient_id',
      'a.action',
      'a.object_type',
      'a.object_id',
      'a.outcome',
      'a.ip',
      'a.request_id',
      'a.emergency',
      'a.detail',
      'u.name as actor_name',
    ])
    .orderBy('a.seq', 'desc')
    .limit(limit);
  if (f.actorId) query = query.where('a.actor_id', '=', f.actorId);
  if (f.patientId) query = query.where('a.patient_id', '=', f.patientId);
  if (f.patientIds) query = query.where('a.patient_id', 'in', f.patientIds.length ? f.patientIds : ['']);
  if (f.action) query = query.where('a.action', '=', f.action);
  else if (f.actionPrefix) query = query.where('a.action', 'like', `${f.actionPrefix.replace(/%/g, '')}%`);
  if (f.outcome) query = query.where('a.outcome', '=', f.outcome);
  if (f.emergency !== undefined) query = query.where('a.emergency', '=', f.emergency ? 1 : 0);
  if (f.from) query = query.where('a.at', '>=', f.from);
  if (f.to) query = query.where('a.at', '<=', f.to);
  if (f.before) query = query.where('a.seq', '<', f.before);
  return query.execute();
}
