import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  container,
  type discrepancy,
  inventory,
  type inventoryResult,
  inventorySheet,
  location,
  product,
  report,
  verifyResponse,
  worklist,
  writeResponse,
} from '../../../contracts/ledger';
import { api } from '../../lib/api';

export type Location = z.infer<typeof location>;
export type Product = z.infer<typeof product>;
export type Container = z.infer<typeof container>;
export type Discrepancy = z.infer<typeof discrepancy>;
export type Worklist = z.infer<typeof worklist>;
export type Report = z.infer<typeof report>;
export type ReportRow = Report['rows'][number];
export type Inventory = z.infer<typeof inventory>;
export type InventorySheet = z.infer<typeof inventorySheet>;
export type WriteResult = z.infer<typeof writeResponse>;
export type InventoryResult = z.infer<typeof inventoryResult>;

/** Every ledger answer lives under this key: one invalidation after a write refreshes every screen. */
export const ledgerKey = ['ledger'] as const;

const locationList = z.object({ locations: z.array(location) });
const productList = z.object({ products: z.array(product) });
const containerList = z.object({ containers: z.array(container) });
const inventoryList = z.object({ inventories: z.array(inventory) });

export function useLocations() {
  return useQuery({
    queryKey: [...ledgerKey, 'locations'],
    queryFn: ({ signal }) => api.get('/api/ledger/locations', { schema: locationList, signal }),
  });
}

export function useProducts(enabled = true) {
  return useQuery({
    queryKey: [...ledgerKey, 'products'],
    queryFn: ({ signal }) => api.get('/api/ledger/products', { schema: productList, signal }),
    enabled,
  });
}

/** Containers; `inStock` leaves out the empty ones (the usual view). */
export function useContainers(filter: { inStock?: boolean; locationId?: string } = {}, enabled = true) {
  const query = {
    inStock: filter.inStock === undefined ? undefined : String(filter.inStock),
    locationId: filter.locationId || undefined,
  };
  return useQuery({
    queryKey: [...ledgerKey, 'containers', query],
    queryFn: ({ signal }) => api.get('/api/ledger/containers', { query, schema: containerList, signal }),
    enabled,
  });
}

export function useWorklist() {
  return useQuery({
    queryKey: [...ledgerKey, 'worklist'],
    queryFn: ({ signal }) => api.get('/api/ledger/worklist', { schema: worklist, signal }),
  });
}

export function useVerify() {
  return useQuery({
    queryKey: [...ledgerKey, 'verify'],
    queryFn: ({ signal }) => api.get('/api/ledger/verify', { schema: verifyResponse, signal }),
  });
}

export function useInventorySheet() {
  return useQuery({
    queryKey: [...ledgerKey, 'inventory-sheet'],
    queryFn: ({ signal }) => api.get('/api/ledger/inventory/sheet', { schema: inventorySheet, signal }),
    // A count sheet must not change under the counter's hands while they work through it.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useInventories() {
  return useQuery({
    queryKey: [...ledgerKey, 'inventories'],
    queryFn: ({ signal }) => api.get('/api/ledger/inventories', { schema: inventoryList, signal }),
  });
}

/** A report's address; the same path answers JSON on screen and CSV or PDF with `format`. */
export function reportUrl(path: string, query: Record<string, string | undefined>, format?: 'csv' | 'pdf') {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  if (format) params.set('format', format);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function useReport(path: string | null, query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: [...ledgerKey, 'report', path, query],
    queryFn: ({ signal }) => api.get(reportUrl(path ?? '', query), { schema: report, signal }),
    enabled: path !== null,
  });
}

/** A ledger write; on success every ledger screen refreshes. */
export function useLedgerWrite<B, R = WriteResult>(path: string, schema: z.ZodType<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api.post(path, body, { schema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKey }),
  });
}

export { writeResponse };

/** Lookups by id, for tables that name containers, products and safes. */
export function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((i) => [i.id, i]));
}
