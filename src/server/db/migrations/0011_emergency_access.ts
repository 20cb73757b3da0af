import type { Kysely } from 'kysely';

// Frozen once merged. Emergency access ("break the glass", SECURITY.md S17).
//  - patient_confidentiality: a record marked confidential opens only for its care team (a row here means
//    "confidential"; clearing the mark deletes the row, and both are audited). Kept out of `patients` so the
//    object-level check reads it with one left join and the patients table is untouched.
//  - emergency_access: one row per window a designated user opened on one patient, with the reason they typed.
//    Independent of any other migration, so it applies in either order with a concurrent 0010.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patient_confidentiality')
    .addColumn('patient_id', 'text', (c) => c.primaryKey().references('patients.id'))
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('emergency_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema
    .createIndex('emergency_access_user_patient')
    .on('emergency_access')
    .columns(['user_id', 'patient_id', 'expires_at'])
    .execute();
  await db.schema.createIndex('emergency_access_opened').on('emergency_access').column('opened_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
