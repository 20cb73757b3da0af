import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  claimBatchList,
  claimPreview,
  coverageView,
  practiceView,
  superbillList,
} from '../../../contracts/claims';
import { ApiError, api, getCsrfHeader } from '../../lib/api';
import { queryClient } from '../../lib/session';

export type PracticeView = z.infer<typeof practiceView>;
export type ClaimPreview = z.infer<typeof claimPreview>;

export const usd = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export function usePortalSuperbills() {
  return useQuery({
    queryKey: ['portal', 'superbills'],
    queryFn: ({ signal }) => api.get('/api/portal/superbills', { schema: superbillList, signal }),
  });
}

export const portalSuperbillUrl = (q: { visitId?: string; from?: string; to?: string }) =>
  `/api/portal/superbill.pdf?${new URLSearchParams(q as Record<string, string>).toString()}`;

export const staffSuperbillUrl = (patientId: string, q: { visitId?: string; from?: string; to?: string }) =>
  `/api/patients/${patientId}/superbill.pdf?${new URLSearchParams(q as Record<string, string>).toString()}`;

const practiceKey = ['billing', 'practice'] as const;
export function usePractice() {
  return useQuery({
    queryKey: practiceKey,
    queryFn: ({ signal }) => api.get('/api/billing/practice', { schema: practiceView, signal }),
  });
}
export const savePractice = async (version: number, body: unknown) => {
  const out = await api.put(`/api/billing/practice?version=${version}`, body, { schema: practiceView });
  queryClient.setQueryData(practiceKey, out);
  return out;
};
export const saveClinician = async (userId: string, body: unknown) => {
  const out = await api.put(`/api/billing/clinicians/${userId}`, body, { schema: practiceView });
  queryClient.setQueryData(practiceKey, out);
  return out;
};

export function useCoverage(patientId: string) {
  return useQuery({
    queryKey: ['billing', 'coverage', patientId],
    queryFn: ({ signal }) => api.get(`/api/patients/${patientId}/coverage`, { schema: coverageView, signal }),
  });
}

export const fetchClaimPreview = (from: string, to: string) =>
  api.get('/api/billing/claims/preview', { query: { from, to }, schema: claimPreview });

export function useClaimBatches() {
  return useQuery({
    queryKey: ['billing', 'claim-batches'],
    queryFn: ({ signal }) => api.get('/api/billing/claims', { schema: claimBatchList, signal }),
  });
}

/** Exports the 837P (a POST that answers with the file) and hands it to the browser as a download. */
export async function exportClaims(from: string, to: string): Promise<number> {
  const res = await fetch('/api/billing/claims', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/edi-x12, application/problem+json',
      ...getCsrfHeader(),
    },
    body: JSON.stringify({ from, to }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError({
      status: res.status,
      code: body.code ?? 'http_error',
      title: body.title ?? 'The export failed',
      ...body,
    });
  }
  const text = await res.text();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'claims.x12';
  const url = URL.createObjectURL(new Blob([text], { type: 'application/edi-x12' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
  await queryClient.invalidateQueries({ queryKey: ['billing', 'claim-batches'] });
  return Number(/claims-(\d+)/.exec(name)?.[1] ?? 0);
}
