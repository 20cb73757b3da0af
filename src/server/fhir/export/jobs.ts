import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { serializeError } from '../../platform/error-handler';
import type { Permission } from '../../platform/permissions';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { fhirForbidden, fhirNotFound, invalidParam } from '../outcome';
import { TYPE_NAMES, TYPES } from '../registry';
import * as repo from '../repository';
import { FhirService } from '../service';
import { type AuthSnapshot, ExportWorker, type FileRow, type JobRow, LEASE_MS } from './worker';

/**
 * Bulk Data $export (system and Patient level) and a patient's whole-record export, as jobs in the database:
 * the kick-off stores the job (and the disclosure in the audit log) and starts it; any process answers its
 * status from the database and may take over a job whose worker died (its lease ran out). The worker pages
 * through patients and writes each resource type to a chunked NDJSON file, so memory stays bounded.
 */
export const EXPORT_TTL_MS = 24 * 3_600_000;

export type ExportLevel = 'system' | 'patient-group' | 'patient';
export type { FileRow, JobRow };

export interface KickOff {
  level: ExportLevel;
  patientId?: string;
  types: string[] | null;
  since: string | null;
  withPdf: boolean;
  recipient: string;
  purpose: string;
  requestUrl: string;
}

export const requesterOf = (auth: AuthContext) =>
  auth.clientId ? { kind: 'client', id: auth.clientId } : { kind: 'user', id: auth.userId };

export class ExportService {
  private readonly fhir: FhirService;
  private readonly worker: ExportWorker;
  private readonly running = new Set<Promise<void>>();
  /** Jobs this process is working on (never taken over from ourselves). */
  private readonly active = new Set<string>();
  constructor(private readonly ctx: AppContext) {
    this.fhir = serviceOf(ctx, FhirService);
    this.worker = new ExportWorker(ctx);
  }

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** Resolves when every job this process is running has stopped (app shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  async kickOff(auth: AuthContext, k: KickOff): Promise<JobRow> {
    // A patient exporting their own record reads it all (HIPAA right of access), confined to that patient.
    const jobAuth: AuthContext =
      k.level === 'patient' && auth.role === 'patient' && !auth.scopes
        ? { ...auth, permissions: new Set<Permission>(['patients.read', 'clinical.read']) }
        : auth;
    if (k.level === 'system' && auth.role === 'patient')
      throw fhirForbidden('A patient-level token cannot export the whole clinic; use Patient/$export.');
    const eligible = TYPES.filter(
      (t) =>
        (k.level === 'system' || t.compartment || k.level === 'patient') && this.fhir.mayRead(jobAuth, t),
    ).map((t) => t.type);
    if (k.types) {
      const unknown = k.types.filter((t) => !TYPE_NAMES.includes(t));
      if (unknown.length)
        throw invalidParam('_type', `Unsupported resource types: ${unknown.join(', ').slice(0, 200)}`);
      const refused = k.types.filter((t) => !eligible.includes(t));
      if (refused.length) throw fhirForbidden(`Not exportable with this access: ${refused.join(', ')}`);
    }
    const types = k.types ? [...new Set(k.types)] : eligible;
    if (!types.length) throw fhirForbidden('Nothing this access may export.');
    const now = this.now();
    await this.purgeExpired();
    const who = requesterOf(auth);
    const snap: AuthSnapshot = {
      userId: jobAuth.userId,
      role: jobAuth.role,
      name: jobAuth.name,
      patientId: jobAuth.patientId,
      permissions: [...jobAuth.permissions],
      ...(jobAuth.scopes ? { scopes: jobAuth.scopes } : {}),
      clientId: jobAuth.clientId ?? null,
    };
    const row: JobRow = {
      id: randomUUID(),
      level: k.level,
      patient_id: k.patientId ?? null,
      types: JSON.stringify(types),
      since: k.since,
      with_pdf: k.withPdf ? 1 : 0,
      status: 'accepted',
      progress: 'queued',
      error: null,
      requester_kind: who.kind,
      requester_id: who.id,
      auth: JSON.stringify(snap),
      recipient: k.recipient,
      purpose: k.purpose,
      request_url: k.requestUrl.slice(0, 2000),
      transaction_time: now,
      lease_until: null,
      attempts: 0,
      created_at: now,
      updated_at: now,
      completed_at: null,
      expires_at: new Date(this.ctx.clock.now().getTime() + EXPORT_TTL_MS).toISOString(),
    };
    const audit = {
      action: k.level === 'patient' ? ('record.export' as const) : ('fhir.export' as const),
      objectType: 'export_job',
      objectId: row.id,
      detail: {
        disclosure: true,
        recipient: k.recipient,
        purpose: k.purpose,
        level: k.level,
        types,
        since: k.since,
        requester: `${who.kind}:${who.id}`,
      },
    };
    if (k.level === 'patient') {
      await withPatient(
        this.ctx.db,
        this.ctx.clock,
        auth,
        k.patientId as string,
        'clinical.read',
        audit,
        async (trx) => {
          await repo.insertJob(trx, row);
        },
      );
    } else {
      await this.ctx.db.transaction().execute(async (trx) => {
        await repo.insertJob(trx, row);
        await appendAudit(trx, this.ctx.clock, auth, audit);
      });
    }
    this.start(row.id);
    return row;
  }

  /** Runs a job in this process without waiting for it. */
  start(jobId: string): void {
    if (this.active.has(jobId)) return;
    this.active.add(jobId);
    const p = this.worker
      .run(jobId)
      .catch((err) => this.ctx.log.error({ err: serializeError(err) }, 'export job crashed'))
      .finally(() => {
        this.active.delete(jobId);
        this.running.delete(p);
      });
    this.running.add(p);
  }

  /** The job, if the caller asked for it and it has not expired; otherwise not found (S2: same answer either way). */
  async find(auth: AuthContext, jobId: string): Promise<JobRow> {
    const who = requesterOf(auth);
    const job = /^[0-9a-f-]{36}$/.test(jobId) ? await repo.findJob(this.ctx.db, jobId) : undefined;
    if (
      !job ||
      job.requester_kind !== who.kind ||
      job.requester_id !== who.id ||
      job.status === 'cancelled' ||
      job.expires_at <= this.now()
    ) {
      throw fhirNotFound('The export');
    }
    return job;
  }

  async status(auth: AuthContext, jobId: string): Promise<{ job: JobRow; files: FileRow[] }> {
    let job = await this.find(auth, jobId);
    // Its worker stopped (the process ended): this process takes it over.
    if (
      (job.status === 'in-progress' && (job.lease_until ?? '') < this.now()) ||
      (job.status === 'accepted' &&
        job.created_at < new Date(this.ctx.clock.now().getTime() - LEASE_MS).toISOString())
    ) {
      this.start(job.id);
      job = await this.find(auth, jobId);
    }
    const files = job.status === 'completed' ? await repo.filesOf(this.ctx.db, job.id) : [];
    return { job, files };
  }

  async cancel(auth: AuthContext, jobId: string): Promise<void> {
    const job = await this.find(auth, jobId);
    await repo.updateJob(this.ctx.db, job.id, { status: 'cancelled', updated_at: this.now() });
    await repo.deleteFiles(this.ctx.db, job.id);
  }

  /** A file of a completed job; each download is audited (it discloses the data again). */
  async file(auth: AuthContext, jobId: string, name: string): Promise<FileRow> {
    const job = await this.find(auth, jobId);
    const file = job.status === 'completed' ? await repo.findFile(this.ctx.db, job.id, name) : undefined;
    if (!file) throw fhirNotFound('The file');
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'export.download',
        patientId: job.patient_id,
        objectType: 'export_file',
        objectId: file.id,
        detail: {
          jobId: job.id,
          name: file.name,
          count: Number(file.count),
          recipient: job.recipient,
          purpose: job.purpose,
        },
      }),
    );
    return file;
  }

  private async purgeExpired(): Promise<void> {
    const old = await repo.expiredJobs(this.ctx.db, this.now());
    for (const j of old) {
      await repo.deleteFiles(this.ctx.db, j.id);
      await repo.updateJob(this.ctx.db, j.id, { status: 'expired', updated_at: this.now() });
    }
  }
}
