import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  cannedReply,
  type INBOX_FILTERS,
  inboxResponse,
  type MessageSettings,
  messageSettings,
  patientThreadsResponse,
  portalSendResult,
  portalThread,
  portalThreadList,
  staffThread,
  taskResult,
} from '../../../contracts/messages';
import { api } from '../../lib/api';

export type PortalThread = z.infer<typeof portalThread>;
export type StaffThread = z.infer<typeof staffThread>;
export type InboxFilter = (typeof INBOX_FILTERS)[number];
export type SendResult = z.infer<typeof portalSendResult>;

const portalKey = ['portal', 'messages'] as const;
const staffKey = ['messages'] as const;

// The patient's side

export function usePortalThreads() {
  return useQuery({
    queryKey: portalKey,
    queryFn: ({ signal }) => api.get('/api/portal/messages', { schema: portalThreadList, signal }),
  });
}

export function usePortalThread(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: [...portalKey, id],
    queryFn: async ({ signal }) => {
      const r = await api.get(`/api/portal/messages/${encodeURIComponent(id)}`, {
        schema: portalThread,
        signal,
      });
      void qc.invalidateQueries({ queryKey: portalKey, exact: true });
      return r;
    },
  });
}

export function useStartThread() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { subject: string; body: string }) =>
      api.post('/api/portal/messages', body, { schema: portalSendResult }),
    onSuccess: () => qc.invalidateQueries({ queryKey: portalKey }),
  });
}

export function usePortalReply(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api.post(
        `/api/portal/messages/${encodeURIComponent(id)}/replies`,
        { body },
        { schema: portalSendResult },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: portalKey }),
  });
}

// The care team's side

export function useInbox(filter: InboxFilter) {
  return useQuery({
    queryKey: [...staffKey, 'inbox', filter],
    queryFn: ({ signal }) =>
      api.get('/api/messages/threads', { query: { filter }, schema: inboxResponse, signal }),
    refetchInterval: 60_000,
  });
}

export function usePatientThreads(patientId: string) {
  return useQuery({
    queryKey: [...staffKey, 'patient', patientId],
    queryFn: ({ signal }) =>
      api.get(`/api/patients/${encodeURIComponent(patientId)}/message-threads`, {
        schema: patientThreadsResponse,
        signal,
      }),
  });
}

export function useStaffThread(id: string) {
  return useQuery({
    queryKey: [...staffKey, 'thread', id],
    queryFn: ({ signal }) =>
      api.get(`/api/messages/threads/${encodeURIComponent(id)}`, { schema: staffThread, signal }),
  });
}

export function useCannedReplies() {
  return useQuery({
    queryKey: [...staffKey, 'canned'],
    queryFn: ({ signal }) =>
      api.get('/api/messages/canned-replies', {
        schema: z.object({ cannedReplies: z.array(cannedReply) }),
        signal,
      }),
  });
}

export function useThreadActions(id: string) {
  const qc = useQueryClient();
  const path = `/api/messages/threads/${encodeURIComponent(id)}`;
  const done = (data: StaffThread) => {
    qc.setQueryData([...staffKey, 'thread', id], data);
    void qc.invalidateQueries({ queryKey: [...staffKey, 'inbox'] });
  };
  return {
    reply: useMutation({
      mutationFn: (body: { body?: string; cannedReplyId?: string }) =>
        api.post(`${path}/replies`, body, { schema: staffThread }),
      onSuccess: done,
    }),
    assign: useMutation({
      mutationFn: (handlerId: string | null) =>
        api.put(`${path}/handler`, { handlerId }, { schema: staffThread }),
      onSuccess: done,
    }),
    close: useMutation({
      mutationFn: (close: boolean) =>
        api.post(`${path}/${close ? 'close' : 'reopen'}`, {}, { schema: staffThread }),
      onSuccess: done,
    }),
    clearUrgent: useMutation({
      mutationFn: () => api.post(`${path}/urgent/clear`, {}, { schema: staffThread }),
      onSuccess: done,
    }),
    task: useMutation({
      mutationFn: (title: string) => api.post(`${path}/tasks`, { title }, { schema: taskResult }),
      onSuccess: () => qc.invalidateQueries({ queryKey: [...staffKey, 'thread', id] }),
    }),
  };
}

export function useMessageSettings() {
  return useQuery({
    queryKey: [...staffKey, 'settings'],
    queryFn: ({ signal }) => api.get('/api/admin/messages/settings', { schema: messageSettings, signal }),
  });
}

export function useSaveMessageSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MessageSettings) =>
      api.put('/api/admin/messages/settings', body, { schema: messageSettings }),
    onSuccess: (data) => qc.setQueryData([...staffKey, 'settings'], data),
  });
}
