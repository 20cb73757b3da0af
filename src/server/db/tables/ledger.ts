import type { Generated } from 'kysely';

/**
 * Controlled-substance ledger tables (DOMAIN §6; 21 CFR 1304). Quantities are integer micrograms; dates
 * without a time are 'YYYY-MM-DD' in the clinic's calendar. `ledger_events`, `ledger_inventories` and
 * `ledger_filings` are insert-only (the database refuses UPDATE/DELETE); `ledger_containers` carries a
 * cached balance and location that every event updates in the same transaction, and that the verifier
 * re-derives from the events.
 */

/** A safe or other storage location, under one DEA registration number (21 CFR 1301.12: one per site). */
export interface LedgerLocationsTable {
  id: string;
  name: string;
  dea_registration: string;
  created_by: string;
  created_at: string;
}

export interface LedgerProductsTable {
  id: string;
  name: string;
  ndc: string;
  /** solution | troche | rdt */
  form: string;
  /** Liquids: µg per mL (50 mg/mL = 50 000). */
  strength_ug_per_ml: number | null;
  /** Liquids: container size in µL (10 mL = 10 000), integer like every quantity here. */
  container_volume_ul: number | null;
  /** Troches and RDTs: µg per unit. */
  unit_strength_ug: number | null;
  units_per_container: number | null;
  /** What one full container holds. */
  container_ug: number;
  /** Single-dose vials: the rest is wasted (witnessed) after a dose. */
  single_use: number;
  /** ketamine | esketamine: which course routes may draw it (domain/dosing/stock). */
  substance: string;
  /** Worklist shows low stock when the product's total falls below this. */
  low_stock_ug: number | null;
  created_by: string;
  created_at: string;
}

export interface LedgerLotsTable {
  id: string;
  product_id: string;
  lot_number: string;
  expires_on: string;
  manufacturer: string | null;
  created_at: string;
}

/** One vial or blister card. balance_ug and location_id are a projection of the container's events. */
export interface LedgerContainersTable {
  id: string;
  lot_id: string;
  product_id: string;
  label: string;
  initial_ug: number;
  balance_ug: number;
  location_id: string;
  created_at: string;
  updated_at: string;
}

/** The append-only, hash-chained event log. `payload` is the domain LedgerEvent as canonical JSON. */
export interface LedgerEventsTable {
  seq: Generated<number>;
  id: string;
  at: string;
  local_date: string;
  type: string;
  container_id: string;
  lot_id: string;
  product_id: string;
  location_id: string;
  to_location_id: string | null;
  /** Unsigned amount moved (receive, administer, dispense, waste, destroy, theft/loss, transfer out). */
  quantity_ug: number | null;
  /** Signed change to the container's balance (0 for counts and internal transfers). */
  delta_ug: number;
  balance_after_ug: number;
  observed_ug: number | null;
  expected_ug: number | null;
  actor_id: string;
  /** JSON array of user ids. */
  witness_ids: string;
  /** Prescriber who approved use of an expired lot. */
  override_by: string | null;
  patient_id: string | null;
  session_id: string | null;
  order_id: string | null;
  corrects_event_id: string | null;
  /** The count event whose discrepancy this adjust or theft/loss resolves (unique). */
  resolves_event_id: string | null;
  inventory_id: string | null;
  reason: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** A signed inventory (initial or biennial, 21 CFR 1304.11). Its lines are the count events that name it. */
export interface LedgerInventoriesTable {
  id: string;
  kind: string;
  /** opening | close (of business), which 1304.11(a) asks the record to state. */
  as_of: string;
  local_date: string;
  /** JSON array of the DEA registrations covered. */
  registrations: string;
  line_count: number;
  total_ug: number;
  signed_by: string;
  signed_at: string;
  /** SHA-256 over the canonical lines, so the printed record can be checked against the ledger. */
  content_hash: string;
}

/** Follow-ups of a theft/loss report: the DEA notice and Form 106 (21 CFR 1301.76(b)). */
export interface LedgerFilingsTable {
  id: string;
  event_id: string;
  kind: string;
  filed_on: string;
  reference: string | null;
  actor_id: string;
  created_at: string;
}

export interface LedgerTables {
  ledger_locations: LedgerLocationsTable;
  ledger_products: LedgerProductsTable;
  ledger_lots: LedgerLotsTable;
  ledger_containers: LedgerContainersTable;
  ledger_events: LedgerEventsTable;
  ledger_inventories: LedgerInventoriesTable;
  ledger_filings: LedgerFilingsTable;
}
