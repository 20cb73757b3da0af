import type { Kysely } from 'kysely';

// Frozen once merged. Indexes found missing by profiling the synthetic clinic (issue #8, 5,000 patients:
// 273 k session entries, 29 k therapy notes, 15 k ledger containers). Independent of every other migration,
// so it applies in either order with a concurrent 0011.
//  - session_entries(patient_id, kind, at): FHIR Observation / MedicationAdministration searches, $everything
//    and the bulk export read one patient's vital signs or doses; without it each read scanned every entry.
//  - therapy_notes(patient_id): FHIR Encounter reads of one patient's notes (same reason).
//  - ledger_containers(balance_ug, lot_id, product_id): the worklist's "lots in stock" reads the few containers
//    holding stock instead of every container ever received (most are emptied and kept for the record).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('session_entries_patient')
    .on('session_entries')
    .columns(['patient_id', 'kind', 'at'])
    .execute();
  await db.schema.createIndex('therapy_notes_patient').on('therapy_notes').column('patient_id').execute();
  await db.schema
    .createIndex('ledger_containers_in_stock')
    .on('ledger_containers')
    .columns(['balance_ug', 'lot_id', 'product_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
