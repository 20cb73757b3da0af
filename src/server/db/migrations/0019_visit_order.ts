import type { Kysely } from 'kysely';

// Frozen once merged. Course order (issue #14): a visit type says whether its visits follow the patient's dosing
// visit (integration does, DOMAIN §1 step 5), so the times offered when a patient moves one keep it after the
// dosing visit it follows and before the next. On for the integration types a clinic already has.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('appointment_types')
    .addColumn('after_dosing', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('appointment_types')
    .set({ after_dosing: 1 })
    .where('category', '=', 'integration')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
