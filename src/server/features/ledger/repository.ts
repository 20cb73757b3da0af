import type { Selectable } from 'kysely';
import { type Executor, isPostgres } from '../../db/dialect';
import type {
  LedgerContainersTable,
  LedgerEventsTable,
  LedgerFilingsTable,
  LedgerInventoriesTable,
  LedgerLocationsTable,
  LedgerLotsTable,
  LedgerProductsTable,
} from '../../db/schema';

/** All SQL of the controlled-substance ledger. */
export type LocationRow = LedgerLocationsTable;
export type ProductRow = LedgerProductsTable;
export type LotRow = LedgerLotsTable;
export type ContainerRow = LedgerContainersTable;
export type EventRow = Selectable<LedgerEventsTable>;
export type NewEventRow = Omit<EventRow, 'seq'>;
export type InventoryRow = LedgerInventoriesTable;
export type FilingRow = LedgerFilingsTable;

// ── Reference data ──────────────────────────────────────────────────────────────────────────────────
export const insertLocation = (db: Executor, row: LocationRow) =>
  db.insertInto('ledger_locations').values(row).execute();
export const listLocations = (db: Executor) =>
  db.selectFrom('ledger_locations').selectAll().orderBy('name').execute();
export const findLocation = (db: Executor, id: string) =>
  db.selectFrom('ledger_locations').selectAll().where('id', '=', id).executeTakeFirst();

export const insertProduct = (db: Executor, row: ProductRow) =>
  db.insertInto('ledger_products').values(row).execute();
export const listProducts = (db: Executor) =>
  db.selectFrom('ledger_products').selectAll().orderBy('name').execute();
export const findProduct = (db: Executor, id: string) =>
  db.selectFrom('ledger_products').selectAll().where('id', '=', id).executeTakeFirst();

export const findLot = (db: Executor, productId: string, lotNumber: string) =>
  db
    .selectFrom('ledger_lots')
    .selectAll()
    .where('product_id', '=', productId)
    .where('lot_number', '=', lotNumber)
    .executeTakeFirst();
export const insertLot = (db: Executor, row: LotRow) => db.insertInto('ledger_lots').values(row).execute();

export async function countContainersInLot(db: Executor, lotId: string): Promise<number> {
  const r = await db
    .selectFrom('ledger_containers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lot_id', '=', lotId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ── Containers ──────────────────────────────────────────────────────────────────────────────────────
export const insertContainer = (db: Executor, row: ContainerRow) =>
  db.insertInto('ledger_containers').values(row).execute();

/**
 * The container row, locked until the transaction ends on PostgreSQL (`for update`), so that two writers
 * cannot both read the same balance; SQLite runs one write transaction at a time and has no such clause.
 */
export const lockContainer = (db: Executor, id: string) =>
  db
    .selectFrom('ledger_containers')
    .selectAll()
    .where('id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();

export async function updateContainerProjection(
  db: Executor,
  id: string,
  patch: { balance_ug: number; location_id: string; updated_at: string },
): Promise<void> {
  await db.updateTable('ledger_containers').set(patch).where('id', '=', id).execute();
}

export interface ContainerFilter {
  ids?: string[];
  locationId?: string;
  productId?: string;
  inStock?: boolean;
}

export function listContainerViews(db: Executor, f: ContainerFilter) {
  let q = db
    .selectFrom('ledger_containers as c')
    .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
    .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
    .innerJoin('ledger_locations as s', 's.id', 'c.location_id')
    .select([
      'c.id',
      'c.label',
      'c.product_id',
      'p.name as product_name',
      'c.lot_id',
      'l.lot_number',
      'l.expires_on',
      'c.location_id',
      's.name as location_name',
      's.dea_registration',
      'c.initial_ug',
      'c.balance_ug',
      'p.strength_ug_per_ml',
      'p.single_use',
      'p.units_per_container',
      'p.form',
    ])
    .orderBy('p.name')
    .orderBy('l.expires_on')
    .orderBy('c.label');
  if (f.ids) q = f.ids.length ? q.where('c.id', 'in', f.ids) : q.where('c.id', '=', '');
  if (f.locationId) q = q.where('c.location_id', '=', f.locationId);
  if (f.productId) q = q.where('c.product_id', '=', f.productId);
  if (f.inStock === true) q = q.where('c.balance_ug', '>', 0);
  if (f.inStock === false) q = q.where('c.balance_ug', '=', 0);
  return q.execute();
}
export type ContainerView = Awaited<ReturnType<typeof listContainerViews>>[number];

// ── Events and the chain head ───────────────────────────────────────────────────────────────────────
export const containerPayloads = async (db: Executor, containerId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('ledger_events')
      .select('payload')
      .where('container_id', '=', containerId)
      .orderBy('seq')
      .execute()
  ).map((r) => r.payload);

export const ledgerHead = (db: Executor) =>
  db.selectFrom('chain_heads').selectAll().where('chain', '=', 'ledger').executeTakeFirst();

export async function insertEventRow(db: Executor, row: NewEventRow): Promise<number> {
  const r = await db.insertInto('ledger_events').values(row).returning('seq').executeTakeFirstOrThrow();
  return Number(r.seq);
}

export async function setLedgerHead(
  db: Executor,
  exists: boolean,
  head: { seq: number; hash: string; count: number; updated_at: string },
): Promise<void> {
  if (exists) await db.updateTable('chain_heads').set(head).where('chain', '=', 'ledger').execute();
  else
    await db
      .insertInto('chain_heads')
      .values({ chain: 'ledger', ...head })
      .execute();
}

export const findEvent = (db: Executor, id: string) =>
  db.selectFrom('ledger_events').selectAll().where('id', '=', id).executeTakeFirst();

export const findResolution = (db: Executor, countEventId: string) =>
  db
    .selectFrom('ledger_events')
    .select('id')
    .where('resolves_event_id', '=', countEventId)
    .executeTakeFirst();

export interface EventFilter {
  containerId?: string;
  productId?: string;
  locationId?: string;
  patientId?: string;
  types?: string[];
  from?: string;
  to?: string;
  inventoryId?: string;
  before?: number;
  limit?: number;
  newestFirst?: boolean;
}

export function listEvents(db: Executor, f: EventFilter): Promise<EventRow[]> {
  let q = db
    .selectFrom('ledger_events')
    .selectAll()
    .orderBy('seq', f.newestFirst ? 'desc' : 'asc');
  if (f.containerId) q = q.where('container_id', '=', f.containerId);
  if (f.productId) q = q.where('product_id', '=', f.productId);
  if (f.locationId)
    q = q.where((eb) =>
      eb.or([
        eb('location_id', '=', f.locationId as string),
        eb('to_location_id', '=', f.locationId as string),
      ]),
    );
  if (f.patientId) q = q.where('patient_id', '=', f.patientId);
  if (f.types) q = q.where('type', 'in', f.types.length ? f.types : ['']);
  if (f.from) q = q.where('local_date', '>=', f.from);
  if (f.to) q = q.where('local_date', '<=', f.to);
  if (f.inventoryId) q = q.where('inventory_id', '=', f.inventoryId);
  if (f.before) q = q.where('seq', '<', f.before);
  if (f.limit) q = q.limit(f.limit);
  return q.execute();
}

/** Sum of the product's balance changes dated before `from`: the opening balance of a running log. */
export async function productBalanceBefore(db: Executor, productId: string, from: string): Promise<number> {
  const r = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.sum<number>('delta_ug').as('total'))
    .where('product_id', '=', productId)
    .where('local_date', '<', from)
    .executeTakeFirst();
  return Number(r?.total ?? 0);
}

/** Counts that differed from the books, with the event that resolved each (if any). */
export function listDiscrepancies(db: Executor, f: { from?: string; to?: string; openOnly?: boolean }) {
  let q = db
    .selectFrom('ledger_events as c')
    .leftJoin('ledger_events as r', 'r.resolves_event_id', 'c.id')
    .select([
      'c.id',
      'c.container_id',
      'c.location_id',
      'c.local_date',
      'c.expected_ug',
      'c.observed_ug',
      'c.seq',
      'r.id as resolved_by',
    ])
    .where('c.type', '=', 'count')
    .whereRef('c.observed_ug', '!=', 'c.expected_ug')
    .orderBy('c.seq');
  if (f.from) q = q.where('c.local_date', '>=', f.from);
  if (f.to) q = q.where('c.local_date', '<=', f.to);
  if (f.openOnly) q = q.where('r.id', 'is', null);
  return q.execute();
}
export type DiscrepancyRow = Awaited<ReturnType<typeof listDiscrepancies>>[number];

/** Of these patients, those with events in the ledger (at most 20). */
export async function patientsWithEvents(db: Executor, patientIds: string[]): Promise<string[]> {
  if (!patientIds.length) return [];
  const rows = await db
    .selectFrom('ledger_events')
    .select('patient_id')
    .distinct()
    .where('patient_id', 'in', patientIds)
    .limit(20)
    .execute();
  return rows.map((r) => r.patient_id).filter((id): id is string => Boolean(id));
}

/** A page of the chain in order, for the verifier. */
export const eventPage = (db: Executor, afterSeq: number, limit: number) =>
  db
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();

export const allContainers = (db: Executor) =>
  db.selectFrom('ledger_containers').select(['id', 'balance_ug', 'location_id']).execute();

// ── Inventories and filings ─────────────────────────────────────────────────────────────────────────
export const insertInventory = (db: Executor, row: InventoryRow) =>
  db.insertInto('ledger_inventories').values(row).execute();
export const findInventory = (db: Executor, id: string) =>
  db.selectFrom('ledger_inventories').selectAll().where('id', '=', id).executeTakeFirst();
export const listInventories = (db: Executor) =>
  db.selectFrom('ledger_inventories').selectAll().orderBy('signed_at', 'desc').execute();

export const insertFiling = (db: Executor, row: FilingRow) =>
  db.insertInto('ledger_filings').values(row).execute();
export const filingsFor = (db: Executor, eventIds: string[]) =>
  eventIds.length
    ? db.selectFrom('ledger_filings').selectAll().where('event_id', 'in', eventIds).execute()
    : Promise.resolve([]);

export async function firstEventDate(db: Executor): Promise<string | null> {
  const r = await db
    .selectFrom('ledger_events')
    .select('local_date')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return r?.local_date ?? null;
}

/** Lots that still hold stock, with their totals, for the expiry worklist. */
export const lotsInStock = (db: Executor) =>
  db
    .selectFrom('ledger_containers as c')
    .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
    .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
    .select((eb) => [
      'l.id',
      'l.lot_number',
      'l.expires_on',
      'p.name as product_name',
      eb.fn.sum<number>('c.balance_ug').as('balance'),
    ])
    .where('c.balance_ug', '>', 0)
    .groupBy(['l.id', 'l.lot_number', 'l.expires_on', 'p.name'])
    .orderBy('l.expires_on')
    .execute();

/**
 * Stock per product: a sum per product over its containers that hold stock (balances are never negative,
 * src/domain/ledger/apply.ts), answered from the (product_id, balance_ug) index, instead of grouping every
 * container ever received (15 k at 5,000 patients, ~20 ms); the worklist asks on every view.
 */
export const productTotals = (db: Executor) =>
  db
    .selectFrom('ledger_products as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.low_stock_ug',
      eb.fn
        .coalesce(
          eb
            .selectFrom('ledger_containers as c')
            .select((e) => e.fn.sum<number>('c.balance_ug').as('s'))
            .whereRef('c.product_id', '=', 'p.id')
            .where('c.balance_ug', '>', 0),
          eb.lit(0),
        )
        .as('balance'),
    ])
    .orderBy('p.name')
    .execute();

/** Lot and product of these containers (FHIR Medication resources). */
export const containerLots = (db: Executor, containerIds: readonly string[]) =>
  db
    .selectFrom('ledger_containers as c')
    .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
    .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
    .select(['c.id', 'l.lot_number', 'l.expires_on', 'p.name', 'p.ndc'])
    .where('c.id', 'in', [...containerIds])
    .execute();
