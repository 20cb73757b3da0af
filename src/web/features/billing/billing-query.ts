import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  billingVisit,
  feeIdResponse,
  feeScheduleResponse,
  finaliseResponse,
  patientBilling,
  proposeResponse,
  worklistResponse,
} from '../../../contracts/billing';
import { api } from '../../lib/api';

export type PatientBilling = z.infer<typeof patientBilling>;
export type BillingVisit = z.infer<typeof billingVisit>;
export type Line = BillingVisit['lines'][number];

const key = (patientId: string) => ['billing', patientId] as const;

export function usePatientBilling(patientId: string) {
  return useQuery({
    queryKey: key(patientId),
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(patientId)}/billing`, { schema: patientBilling, signal }),
  });
}

/** Every change on a patient's charges refreshes the tab and the worklist. */
function useBillingMutation<V, R>(patientId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key(patientId) });
      void qc.invalidateQueries({ queryKey: ['billing-worklist'] });
    },
  });
}

export const usePropose = (patientId: string) =>
  useBillingMutation(patientId, (visitId: string) =>
    api.post(`/api/billing/visits/${visitId}/propose`, {}, { schema: proposeResponse }),
  );

export const useFinalise = (patientId: string) =>
  useBillingMutation(patientId, (visitId: string) =>
    api.post(`/api/billing/visits/${visitId}/finalise`, {}, { schema: finaliseResponse }),
  );

export interface LineValues {
  code: string;
  modifiers: string[];
  units: number;
  unitPriceCents?: number;
  diagnosisPointers: number[];
  placeOfService?: string;
  ndc?: string | null;
  ndcQuantity?: number | null;
  reason?: string;
}

export const useSaveLine = (patientId: string) =>
  useBillingMutation(patientId, (v: { visitId: string; line: Line | null; values: LineValues }) =>
    v.line
      ? api.put(
          `/api/billing/lines/${v.line.id}`,
          { ...v.values, version: v.line.version },
          { schema: billingVisit },
        )
      : api.post(`/api/billing/visits/${v.visitId}/lines`, v.values, { schema: billingVisit }),
  );

export const useRemoveLine = (patientId: string) =>
  useBillingMutation(patientId, (lineId: string) =>
    api.delete(`/api/billing/lines/${lineId}`, { schema: billingVisit }),
  );

export const useReverse = (patientId: string) =>
  useBillingMutation(patientId, (v: { lineId: string; reason: string }) =>
    api.post(`/api/billing/lines/${v.lineId}/reverse`, { reason: v.reason }, { schema: billingVisit }),
  );

export interface PaymentValues {
  amountCents: number;
  method: string;
  receivedOn: string;
  reference?: string | null;
  note?: string | null;
}

export const useRecordPayment = (patientId: string) =>
  useBillingMutation(patientId, (v: PaymentValues) =>
    api.post(`/api/patients/${patientId}/payments`, v, { schema: patientBilling }),
  );

export const useVoidPayment = (patientId: string) =>
  useBillingMutation(patientId, (v: { paymentId: string; reason: string }) =>
    api.post(
      `/api/patients/${patientId}/payments/${v.paymentId}/void`,
      { reason: v.reason },
      { schema: patientBilling },
    ),
  );

export function useBillingWorklist(offset: number) {
  return useQuery({
    queryKey: ['billing-worklist', offset],
    queryFn: ({ signal }) =>
      api.get(`/api/billing/worklist?offset=${offset}&limit=50`, { schema: worklistResponse, signal }),
  });
}

export function useFeeSchedule(admin: boolean) {
  return useQuery({
    queryKey: ['fee-schedule', admin],
    queryFn: ({ signal }) =>
      api.get(admin ? '/api/admin/fee-schedule' : '/api/billing/fee-schedule', {
        schema: feeScheduleResponse,
        signal,
      }),
  });
}

export function useSaveFee() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string | null; version: number; body: Record<string, unknown> }) =>
      v.id
        ? api.put(
            `/api/admin/fee-schedule/${v.id}`,
            { ...v.body, version: v.version },
            { schema: feeIdResponse },
          )
        : api.post('/api/admin/fee-schedule', v.body, { schema: feeIdResponse }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['fee-schedule'] }),
  });
}
