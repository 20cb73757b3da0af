import type { Executor } from '../db/dialect';
import type {
  FhirAccessTokensTable,
  FhirApiClientsTable,
  FhirExportFilesTable,
  FhirExportJobsTable,
} from '../db/schema';

/**
 * All SQL about the FHIR adapter's own tables: API clients, access tokens, bulk-export jobs and their files
 * (stored as ordered chunks). The resources themselves are read from the features' tables (sources/).
 */

// ── API clients ─────────────────────────────────────────────────────────────────────────────────────
export const listClients = (db: Executor) =>
  db.selectFrom('fhir_api_clients').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();

export const findClient = (db: Executor, id: string) =>
  db.selectFrom('fhir_api_clients').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertClient(db: Executor, row: FhirApiClientsTable): Promise<void> {
  await db.insertInto('fhir_api_clients').values(row).execute();
}

export async function updateClient(
  db: Executor,
  id: string,
  patch: Partial<FhirApiClientsTable>,
): Promise<void> {
  await db.updateTable('fhir_api_clients').set(patch).where('id', '=', id).execute();
}

// ── Access tokens ───────────────────────────────────────────────────────────────────────────────────
export async function insertToken(db: Executor, row: FhirAccessTokensTable): Promise<void> {
  await db.insertInto('fhir_access_tokens').values(row).execute();
}

/** The token with this hash and, when a client holds it, the client's name and whether it was revoked. */
export const findTokenWithClient = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('fhir_access_tokens as t')
    .leftJoin('fhir_api_clients as c', 'c.id', 't.client_id')
    .select([
      't.id',
      't.client_id',
      't.user_id',
      't.patient_id',
      't.scopes',
      't.expires_at',
      't.revoked_at',
      'c.name as client_name',
      'c.revoked_at as client_revoked_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();

/** Ends every token the client holds. */
export async function revokeClientTokens(db: Executor, clientId: string, now: string): Promise<void> {
  await db
    .updateTable('fhir_access_tokens')
    .set({ revoked_at: now })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every token the patient issued to themself from the portal; how many there were. */
export async function revokePortalTokens(db: Executor, patientId: string, now: string): Promise<number> {
  const r = await db
    .updateTable('fhir_access_tokens')
    .set({ revoked_at: now })
    .where('patient_id', '=', patientId)
    .where('client_id', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ── Export jobs ─────────────────────────────────────────────────────────────────────────────────────
export type JobRow = FhirExportJobsTable;
export type FileRow = FhirExportFilesTable;

export async function insertJob(db: Executor, row: JobRow): Promise<void> {
  await db.insertInto('fhir_export_jobs').values(row).execute();
}

export const findJob = (db: Executor, id: string) =>
  db.selectFrom('fhir_export_jobs').selectAll().where('id', '=', id).executeTakeFirst();

export async function updateJob(db: Executor, id: string, patch: Partial<JobRow>): Promise<void> {
  await db.updateTable('fhir_export_jobs').set(patch).where('id', '=', id).execute();
}

/** Jobs past their expiry not yet marked expired (at most 20 at a time). */
export const expiredJobs = (db: Executor, now: string) =>
  db
    .selectFrom('fhir_export_jobs')
    .select('id')
    .where('expires_at', '<=', now)
    .where('status', '!=', 'expired')
    .limit(20)
    .execute();

/** Claims the job for this worker (accepted, or in progress with its lease run out); false when another has it. */
export async function claimJob(db: Executor, id: string, leaseUntil: string, now: string): Promise<boolean> {
  const claimed = await db
    .updateTable('fhir_export_jobs')
    .set((eb) => ({
      status: 'in-progress',
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'accepted'),
        eb.and([eb('status', '=', 'in-progress'), eb('lease_until', '<', now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Changes a job still in progress; false when it is not (it was cancelled meanwhile). */
export async function updateJobInProgress(
  db: Executor,
  id: string,
  patch: Partial<JobRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('fhir_export_jobs')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'in-progress')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── Export files and their chunks ───────────────────────────────────────────────────────────────────
/** A completed job's files, by name. */
export const filesOf = (db: Executor, jobId: string) =>
  db.selectFrom('fhir_export_files').selectAll().where('job_id', '=', jobId).orderBy('name').execute();

export const findFile = (db: Executor, jobId: string, name: string) =>
  db
    .selectFrom('fhir_export_files')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('name', '=', name)
    .executeTakeFirst();

export async function insertFile(db: Executor, row: FileRow): Promise<void> {
  await db.insertInto('fhir_export_files').values(row).execute();
}

export async function setFileTotals(
  db: Executor,
  id: string,
  totals: { count: number; bytes: number; chunks: number },
): Promise<void> {
  await db.updateTable('fhir_export_files').set(totals).where('id', '=', id).execute();
}

export async function insertChunk(db: Executor, fileId: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('fhir_export_chunks').values({ file_id: fileId, seq, data }).execute();
}

export const findChunk = (db: Executor, fileId: string, seq: number) =>
  db
    .selectFrom('fhir_export_chunks')
    .select('data')
    .where('file_id', '=', fileId)
    .where('seq', '=', seq)
    .executeTakeFirst();

/** Removes a job's files and their chunks. */
export async function deleteFiles(db: Executor, jobId: string): Promise<void> {
  const files = await db.selectFrom('fhir_export_files').select('id').where('job_id', '=', jobId).execute();
  if (!files.length) return;
  const ids = files.map((f) => f.id);
  await db.deleteFrom('fhir_export_chunks').where('file_id', 'in', ids).execute();
  await db.deleteFrom('fhir_export_files').where('id', 'in', ids).execute();
}
