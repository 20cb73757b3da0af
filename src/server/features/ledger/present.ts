import type { z } from 'zod';
import type {
  container,
  discrepancy,
  filing,
  inventory,
  LedgerEventOut,
  location,
  product,
} from '../../../contracts/ledger';
import { ugToMl } from '../../../domain/ledger';
import { toBool } from '../../db/dialect';
import type {
  ContainerView,
  DiscrepancyRow,
  EventRow,
  FilingRow,
  InventoryRow,
  LocationRow,
  ProductRow,
} from './repository';

type Out<T extends z.ZodType> = z.infer<T>;

export const presentLocation = (r: LocationRow): Out<typeof location> => ({
  id: r.id,
  name: r.name,
  deaRegistration: r.dea_registration,
  createdAt: r.created_at,
});

export const presentProduct = (r: ProductRow): Out<typeof product> => ({
  id: r.id,
  name: r.name,
  ndc: r.ndc,
  form: r.form,
  strengthUgPerMl: r.strength_ug_per_ml === null ? null : Number(r.strength_ug_per_ml),
  containerVolumeMl: r.container_volume_ul === null ? null : Number(r.container_volume_ul) / 1000,
  unitStrengthUg: r.unit_strength_ug === null ? null : Number(r.unit_strength_ug),
  unitsPerContainer: r.units_per_container === null ? null : Number(r.units_per_container),
  containerUg: Number(r.container_ug),
  singleUse: toBool(r.single_use),
  lowStockUg: r.low_stock_ug === null ? null : Number(r.low_stock_ug),
  substance: r.substance === 'esketamine' ? 'esketamine' : 'ketamine',
});

export const presentContainer = (r: ContainerView, today: string): Out<typeof container> => {
  const balance = Number(r.balance_ug);
  const strength = r.strength_ug_per_ml === null ? null : Number(r.strength_ug_per_ml);
  return {
    id: r.id,
    label: r.label,
    productId: r.product_id,
    productName: r.product_name,
    lotId: r.lot_id,
    lotNumber: r.lot_number,
    expiresOn: r.expires_on,
    expired: today > r.expires_on,
    locationId: r.location_id,
    locationName: r.location_name,
    initialUg: Number(r.initial_ug),
    balanceUg: balance,
    balanceMl: strength ? ugToMl(balance, strength) : null,
    singleUse: toBool(r.single_use),
    opened: balance !== Number(r.initial_ug),
  };
};

/** The reference fields of the domain payload that have no column of their own (supplier, invoice, …). */
const DETAIL_KEYS = [
  'receivedOn',
  'supplier',
  'supplierRegistration',
  'invoiceNumber',
  'invoiceDate',
  'expiresOn',
  'recipient',
  'recipientRegistration',
  'form41Reference',
  'form106Reference',
  'discoveredOn',
  'lossKind',
  'kind',
  'estimated',
  'expiredOverrideReason',
  'note',
];

export function presentEvent(r: EventRow): LedgerEventOut {
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  const detail: Record<string, unknown> = {};
  for (const k of DETAIL_KEYS) if (payload[k] !== undefined) detail[k] = payload[k];
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    localDate: r.local_date,
    type: r.type,
    containerId: r.container_id,
    lotId: r.lot_id,
    productId: r.product_id,
    locationId: r.location_id,
    toLocationId: r.to_location_id,
    quantityUg: num(r.quantity_ug),
    deltaUg: Number(r.delta_ug),
    balanceAfterUg: Number(r.balance_after_ug),
    observedUg: num(r.observed_ug),
    expectedUg: num(r.expected_ug),
    actorId: r.actor_id,
    witnessIds: JSON.parse(r.witness_ids) as string[],
    overrideBy: r.override_by,
    patientId: r.patient_id,
    sessionId: r.session_id,
    orderId: r.order_id,
    correctsEventId: r.corrects_event_id,
    resolvesEventId: r.resolves_event_id,
    inventoryId: r.inventory_id,
    reason: r.reason,
    detail,
  };
}

export const presentDiscrepancy = (r: DiscrepancyRow): Out<typeof discrepancy> => ({
  countEventId: r.id,
  containerId: r.container_id,
  locationId: r.location_id,
  localDate: r.local_date,
  expectedUg: Number(r.expected_ug),
  observedUg: Number(r.observed_ug),
  differenceUg: Number(r.observed_ug) - Number(r.expected_ug),
  resolvedByEventId: r.resolved_by ?? null,
});

export const presentInventory = (r: InventoryRow): Out<typeof inventory> => ({
  id: r.id,
  kind: r.kind,
  asOf: r.as_of,
  localDate: r.local_date,
  registrations: JSON.parse(r.registrations) as string[],
  lineCount: Number(r.line_count),
  totalUg: Number(r.total_ug),
  signedBy: r.signed_by,
  signedAt: r.signed_at,
  contentHash: r.content_hash,
});

export const presentFiling = (r: FilingRow): Out<typeof filing> => ({
  id: r.id,
  eventId: r.event_id,
  kind: r.kind,
  filedOn: r.filed_on,
  reference: r.reference,
  actorId: r.actor_id,
});
