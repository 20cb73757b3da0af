import type { z } from 'zod';
import type { auditEntry, auditQuery } from '../../../contracts/audit';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../../contracts/audit-actions';
import { toBool } from '../../db/dialect';
import { type ChainVerdict, verifyAuditChain } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { findPatientIds, patientNames, patientWords } from '../../platform/patient-names';
import { getSetting } from '../../platform/settings';
import { userNames } from '../users';
import { idsIn, objectWords, presentDetail } from './present';
import { type AuditFilter, auditEntries } from './repository';

type Query = z.infer<typeof auditQuery>;
type Entry = z.infer<typeof auditEntry>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reading the audit log (admins). Reading it is not itself patient data, so it is not audited per page.
 *
 * Entries are shown in words: the action's label, the patient's name and chart number (a confidential record
 * the reader may not open shows "Confidential patient" and its chart number; platform/patient-names.ts), what
 * the entry is about, and its details as labelled fields. The raw entry (ids, detail as written) stays in the
 * response for tools and investigators; the screen does not show it.
 */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  async list(auth: AuthContext, q: Query): Promise<{ entries: Entry[]; nextBefore: number | null }> {
    if (!auth.permissions.has('audit.read')) throw new AppError('forbidden');
    const nowIso = this.ctx.clock.now().toISOString();
    // One action (as the filter offers them), or every action starting with what was typed.
    const exact = Boolean(q.action && q.action in AUDIT_ACTION_LABELS);
    const filter: AuditFilter = {
      actorId: q.actorId,
      patientId: q.patientId,
      patientIds: q.patient ? await findPatientIds(this.ctx.db, auth, nowIso, q.patient) : undefined,
      action: exact ? q.action : undefined,
      actionPrefix: exact ? undefined : q.action,
      outcome: q.outcome,
      emergency: q.emergency ? q.emergency === 'true' : undefined,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      before: q.before,
    };
    const rows = await auditEntries(this.ctx.db, filter, q.limit + 1);
    const page = rows.slice(0, q.limit);

    const details = page.map((r) => (r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null));
    const referenced = [...page.map((r) => r.patient_id), ...details.flatMap(idsIn)].filter(
      (x): x is string => Boolean(x),
    );
    const patients = await patientNames(this.ctx.db, auth, nowIso, referenced);
    const userIds = [...new Set(details.flatMap(idsIn))];
    const users = await userNames(this.ctx.db, userIds);
    const names = {
      users,
      patients: new Map([...patients].map(([id, p]) => [id, patientWords(p)])),
      zone: await getSetting(this.ctx.db, 'clinic.timezone'),
    };

    return {
      entries: page.map((r, i) => {
        const detail = details[i] ?? null;
        const shown = presentDetail(detail, names, r.action);
        return {
          seq: Number(r.seq),
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name ?? null,
          actorRole: r.actor_role,
          patientId: r.patient_id,
          patient: r.patient_id
            ? (names.patients.get(r.patient_id) ??
              (UUID.test(r.patient_id) ? 'A patient record not found' : r.patient_id))
            : null,
          action: r.action,
          actionLabel: auditActionLabel(r.action),
          objectType: r.object_type,
          objectId: r.object_id,
          object: objectWords(r.object_type, r.object_id),
          outcome: r.outcome,
          ip: r.ip,
          requestId: r.request_id,
          emergency: toBool(r.emergency),
          detail,
          details: shown.fields,
          references: shown.references,
        };
      }),
      nextBefore: rows.length > q.limit ? Number(page[page.length - 1]?.seq) : null,
    };
  }

  async verify(auth: AuthContext): Promise<ChainVerdict> {
    if (!auth.permissions.has('audit.read')) throw new AppError('forbidden');
    return verifyAuditChain(this.ctx.db);
  }
}
