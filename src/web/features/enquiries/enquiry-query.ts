import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  convertResponse,
  type ENQUIRY_STATUSES,
  enquiryDetail,
  enquiryListResponse,
  enquiryNote,
  enquirySchema,
  type enquiryStatusBody,
} from '../../../contracts/enquiries';
import { api } from '../../lib/api';

export type Enquiry = z.infer<typeof enquirySchema>;
export type EnquiryDetail = z.infer<typeof enquiryDetail>;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

export const enquiriesKey = ['enquiries'] as const;
export const PAGE_SIZE = 25;

/** The inbox: open enquiries (or one status), urgent first; the server orders them. */
export function useEnquiries(status: EnquiryStatus | undefined, page: number) {
  return useQuery({
    queryKey: [...enquiriesKey, 'list', status ?? 'open', page],
    queryFn: ({ signal }) =>
      api.get('/api/enquiries', {
        query: { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        schema: enquiryListResponse,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useEnquiry(id: string) {
  return useQuery({
    queryKey: [...enquiriesKey, 'one', id],
    queryFn: ({ signal }) =>
      api.get(`/api/enquiries/${encodeURIComponent(id)}`, { schema: enquiryDetail, signal }),
  });
}

export function useEnquiryActions(id: string) {
  const queryClient = useQueryClient();
  const path = `/api/enquiries/${encodeURIComponent(id)}`;
  const refresh = () => queryClient.invalidateQueries({ queryKey: enquiriesKey });
  const setStatus = useMutation({
    mutationFn: (body: z.input<typeof enquiryStatusBody>) =>
      api.post(`${path}/status`, body, { schema: enquirySchema }),
    onSuccess: refresh,
  });
  const addNote = useMutation({
    mutationFn: (body: string) => api.post(`${path}/notes`, { body }, { schema: enquiryNote }),
    onSuccess: refresh,
  });
  const convert = useMutation({
    mutationFn: () => api.post(`${path}/convert`, {}, { schema: convertResponse }),
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
    },
  });
  return { setStatus, addNote, convert };
}
