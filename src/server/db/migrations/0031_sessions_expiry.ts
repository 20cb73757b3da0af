import type { Kysely } from 'kysely';

// Frozen once merged. Sign-in records are removed some time after they are over (SESSION_RECORDS_KEEP_DAYS;
// platform/sessions.ts `expireSessionRecords`). Every sign-in is over by its absolute limit, so the removal reads
// them by that time, oldest first: this index keeps each batch from scanning the table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('sessions_absolute_expires')
    .on('sessions')
    .column('absolute_expires_at')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
