import { countPatients, patientIdsAfter } from '../../features/patients';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { serializeError } from '../../platform/error-handler';
import type { Permission, Role } from '../../platform/permissions';
import { probe } from '../../platform/probes';
import { serviceOf } from '../../platform/services';
import { getSetting } from '../../platform/settings';
import { FhirError } from '../outcome';
import { TYPES } from '../registry';
import type { FileRow, JobRow } from '../repository';
import * as repo from '../repository';
import { FhirService } from '../service';
import { renderRecordSummary } from './pdf';
import { ChunkedFileWriter } from './store';

/**
 * The export worker: claims a job (or takes over one whose lease ran out), pages through patients and
 * writes each resource type to a chunked NDJSON file, renewing its lease and reporting progress after every
 * page, so memory stays bounded and a second process can see how far it got.
 */
export const LEASE_MS = 60_000;
const PATIENT_PAGE = 50;

export type { FileRow, JobRow };

/** The requester's access, stored with the job: the worker exports exactly what they may read. */
export interface AuthSnapshot {
  userId: string;
  role: Role;
  name: string;
  patientId: string | null;
  permissions: Permission[];
  scopes?: readonly string[];
  clientId?: string | null;
}

export class ExportWorker {
  private readonly fhir: FhirService;
  constructor(private readonly ctx: AppContext) {
    this.fhir = serviceOf(ctx, FhirService);
  }

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** Claims the job (or takes over a stale one) and writes its files. */
  async run(jobId: string): Promise<void> {
    const now = this.now();
    if (!(await repo.claimJob(this.ctx.db, jobId, this.lease(), now))) return;
    const job = (await repo.findJob(this.ctx.db, jobId)) as JobRow;
    try {
      await repo.deleteFiles(this.ctx.db, job.id); // a taken-over job starts again from the beginning
      const counts = await this.write(job);
      if (counts === null) {
        await repo.deleteFiles(this.ctx.db, job.id); // cancelled meanwhile
        return;
      }
      await this.ctx.db.transaction().execute(async (trx) => {
        await repo.updateJobInProgress(trx, job.id, {
          status: 'completed',
          progress: null,
          completed_at: this.now(),
          updated_at: this.now(),
          lease_until: null,
        });
        await appendAudit(trx, this.ctx.clock, this.authOf(job), {
          action: 'export.completed',
          patientId: job.patient_id,
          objectType: 'export_job',
          objectId: job.id,
          detail: { counts, recipient: job.recipient, purpose: job.purpose },
        });
      });
      probe('export_job_finished');
    } catch (err) {
      probe('export_job_failed');
      this.ctx.log.error({ err: serializeError(err), jobId }, 'export job failed');
      await repo.updateJob(this.ctx.db, job.id, {
        status: 'failed',
        error: err instanceof FhirError ? err.message.slice(0, 300) : 'The export failed.',
        updated_at: this.now(),
        lease_until: null,
      });
    }
  }

  private lease() {
    return new Date(this.ctx.clock.now().getTime() + LEASE_MS).toISOString();
  }

  private authOf(job: JobRow): AuthContext {
    const s = JSON.parse(job.auth) as AuthSnapshot;
    return {
      ...s,
      email: '',
      permissions: new Set(s.permissions),
      sessionId: `export:${job.id}`,
      mfaVerified: true,
      emergency: false,
      ip: null,
      requestId: `export:${job.id}`,
    };
  }

  /** Renews the lease and reports progress; false when the job was cancelled. */
  private async heartbeat(jobId: string, progress: string): Promise<boolean> {
    return repo.updateJobInProgress(this.ctx.db, jobId, {
      lease_until: this.lease(),
      progress,
      updated_at: this.now(),
    });
  }

  private async write(job: JobRow): Promise<Record<string, number> | null> {
    const auth = this.authOf(job);
    const types = JSON.parse(job.types) as string[];
    const writers = new Map<string, ChunkedFileWriter>();
    const writerFor = (type: string) => {
      const w =
        writers.get(type) ??
        new ChunkedFileWriter(this.ctx.db, job.id, `${type}.ndjson`, type, 'application/fhir+ndjson', () =>
          this.now(),
        );
      writers.set(type, w);
      return w;
    };
    const fresh = (r: { meta?: { lastUpdated?: string } }) =>
      !job.since || (r.meta?.lastUpdated ?? '') >= job.since;
    if (job.level === 'patient') {
      const items = (await this.fhir.record(this.ctx.db, auth, job.patient_id as string, null)).filter(
        (l) => types.includes(l.resource.resourceType) && fresh(l.resource),
      );
      for (const l of items) await writerFor(l.resource.resourceType).writeLine(l.resource);
      const counts = await this.finish(writers);
      if (job.with_pdf) {
        const pdf = await renderRecordSummary(
          items.map((l) => l.resource),
          {
            clinicName: await getSetting(this.ctx.db, 'clinic.name'),
            exportedAt: job.transaction_time,
            counts,
          },
        );
        const w = new ChunkedFileWriter(this.ctx.db, job.id, 'summary.pdf', null, 'application/pdf', () =>
          this.now(),
        );
        await w.write(pdf);
        await w.finish();
      }
      return (await this.heartbeat(job.id, 'done')) ? counts : null;
    }
    // Clinic-wide types (staff, sites, questionnaires) once; patient records a page of patients at a time.
    for (const t of TYPES.filter((x) => !x.compartment && types.includes(x.type))) {
      for (const l of await t.load(this.ctx.db, { patientIds: null }))
        if (fresh(l.resource)) await writerFor(t.type).writeLine(l.resource);
    }
    const scope = this.fhir.scopeOf(auth);
    const total = scope ? scope.length : await countPatients(this.ctx.db);
    let after = '';
    let done = 0;
    for (;;) {
      const page = scope ? (after ? [] : scope) : await patientIdsAfter(this.ctx.db, after, PATIENT_PAGE);
      if (!page.length) break;
      for (const t of TYPES.filter((x) => x.compartment && types.includes(x.type))) {
        for (const l of await t.load(this.ctx.db, { patientIds: page, ownRecord: this.fhir.own(auth) }))
          if (fresh(l.resource)) await writerFor(t.type).writeLine(l.resource);
      }
      after = page[page.length - 1] as string;
      done += page.length;
      if (!(await this.heartbeat(job.id, `${done} of ${total} patients`))) {
        await repo.deleteFiles(this.ctx.db, job.id);
        return null;
      }
    }
    return this.finish(writers);
  }

  private async finish(writers: Map<string, ChunkedFileWriter>): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [type, w] of writers) {
      const r = await w.finish();
      if (r) counts[type] = r.count;
    }
    return counts;
  }
}
