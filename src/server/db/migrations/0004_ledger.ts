import type { Kysely } from 'kysely';
import { makeAppendOnly, serialType } from '../dialect';

// Frozen once merged: later changes go in a new numbered migration.
// The controlled-substance record (21 CFR 1304.04, 1304.11, 1304.22): events, inventories and filings are
// insert-only on both engines; patient and dosing-session ids are plain text for now (no foreign keys).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('dea_registration', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ndc', 'text', (c) => c.notNull().unique())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('strength_ug_per_ml', 'bigint')
    .addColumn('container_volume_ul', 'bigint')
    .addColumn('unit_strength_ug', 'bigint')
    .addColumn('units_per_container', 'integer')
    .addColumn('container_ug', 'bigint', (c) => c.notNull())
    .addColumn('single_use', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('low_stock_ug', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_lots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('ledger_products.id'))
    .addColumn('lot_number', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('manufacturer', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_lots_product_lot', ['product_id', 'lot_number'])
    .execute();

  await db.schema
    .createTable('ledger_containers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lot_id', 'text', (c) => c.notNull().references('ledger_lots.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('ledger_products.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('initial_ug', 'bigint', (c) => c.notNull())
    .addColumn('balance_ug', 'bigint', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull().references('ledger_locations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_containers_location')
    .on('ledger_containers')
    .columns(['location_id', 'balance_ug'])
    .execute();
  await db.schema.createIndex('ledger_containers_lot').on('ledger_containers').column('lot_id').execute();

  await db.schema
    .createTable('ledger_events')
    .addColumn('seq', serialType(db), (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('container_id', 'text', (c) => c.notNull().references('ledger_containers.id'))
    .addColumn('lot_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('to_location_id', 'text')
    .addColumn('quantity_ug', 'bigint')
    .addColumn('delta_ug', 'bigint', (c) => c.notNull())
    .addColumn('balance_after_ug', 'bigint', (c) => c.notNull())
    .addColumn('observed_ug', 'bigint')
    .addColumn('expected_ug', 'bigint')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('witness_ids', 'text', (c) => c.notNull())
    .addColumn('override_by', 'text')
    .addColumn('patient_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('order_id', 'text')
    .addColumn('corrects_event_id', 'text')
    // A discrepancy is resolved once: a second adjust or theft/loss naming the same count is refused.
    .addColumn('resolves_event_id', 'text', (c) => c.unique())
    .addColumn('inventory_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_events_container')
    .on('ledger_events')
    .columns(['container_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('ledger_events_product')
    .on('ledger_events')
    .columns(['product_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('ledger_events_patient')
    .on('ledger_events')
    .columns(['patient_id', 'seq'])
    .execute();
  await db.schema.createIndex('ledger_events_date').on('ledger_events').column('local_date').execute();
  await db.schema.createIndex('ledger_events_type').on('ledger_events').columns(['type', 'seq']).execute();
  await db.schema.createIndex('ledger_events_inventory').on('ledger_events').column('inventory_id').execute();
  await makeAppendOnly(db, 'ledger_events');

  await db.schema
    .createTable('ledger_inventories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('registrations', 'text', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('total_ug', 'bigint', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_inventories_date')
    .on('ledger_inventories')
    .column('local_date')
    .execute();
  await makeAppendOnly(db, 'ledger_inventories');

  await db.schema
    .createTable('ledger_filings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('ledger_events.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_filings_event_kind', ['event_id', 'kind'])
    .execute();
  await makeAppendOnly(db, 'ledger_filings');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
