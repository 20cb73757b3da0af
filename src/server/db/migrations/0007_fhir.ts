import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged: later changes go in a new numbered migration.
// Open data (issue #7): FHIR API clients and tokens (hashed), bulk-export jobs and their files.
export async function up(db: Kysely<any>): Promise<void> {
  const binary = isPostgres(db) ? 'bytea' : 'blob';

  await db.schema
    .createTable('fhir_api_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_token_at', 'text')
    .execute();

  await db.schema
    .createTable('fhir_access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.references('fhir_api_clients.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('fhir_access_tokens_client')
    .on('fhir_access_tokens')
    .column('client_id')
    .execute();

  await db.schema
    .createTable('fhir_export_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
    .addColumn('types', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('with_pdf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'text')
    .addColumn('error', 'text')
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('transaction_time', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fhir_export_jobs_requester')
    .on('fhir_export_jobs')
    .columns(['requester_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('fhir_export_jobs_expires')
    .on('fhir_export_jobs')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('fhir_export_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('fhir_export_jobs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('chunks', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('fhir_export_files_job_name', ['job_id', 'name'])
    .execute();

  await db.schema
    .createTable('fhir_export_chunks')
    .addColumn('file_id', 'text', (c) => c.notNull().references('fhir_export_files.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_export_chunks_pk', ['file_id', 'seq'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
