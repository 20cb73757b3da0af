import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { auditListResponse, auditVerifyResponse } from '../../../contracts/audit';
import { api } from '../../lib/api';

/** The filters as they appear in the page's address (strings; empty = not set). */
export interface AuditFilters {
  actorId: string;
  /** Set by links to one patient's entries (e.g. from Today); the form searches by `patient` instead. */
  patientId: string;
  /** A patient's name or chart number. */
  patient: string;
  action: string;
  outcome: string;
  /** `datetime-local` values in the browser's time zone. */
  from: string;
  to: string;
  /** 'true': only entries flagged as emergency ("break the glass") access. */
  emergency: string;
}

export const FILTER_KEYS = [
  'actorId',
  'patientId',
  'patient',
  'action',
  'outcome',
  'from',
  'to',
  'emergency',
] as const;
export const emptyFilters: AuditFilters = {
  actorId: '',
  patientId: '',
  patient: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
  emergency: '',
};

const toInstant = (local: string) => {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/** Filters → the query the API takes (`auditQuery`), leaving out what is not set. */
export function toAuditQuery(f: AuditFilters) {
  return {
    actorId: f.actorId || undefined,
    patientId: f.patientId.trim() || undefined,
    patient: f.patient.trim() || undefined,
    action: f.action.trim() || undefined,
    outcome: f.outcome || undefined,
    from: toInstant(f.from),
    to: toInstant(f.to),
    emergency: f.emergency === 'true' ? ('true' as const) : undefined,
  };
}

export const PAGE_SIZE = 50;

export function useAuditEntries(filters: AuditFilters) {
  const query = toAuditQuery(filters);
  return useInfiniteQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/admin/audit', {
        query: { ...query, before: pageParam, limit: PAGE_SIZE },
        schema: auditListResponse,
        signal,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

export function useVerifyChain() {
  return useMutation({
    mutationFn: () => api.get('/api/admin/audit/verify', { schema: auditVerifyResponse }),
  });
}
