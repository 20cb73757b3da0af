import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type JournalEntryOut,
  portalJournal,
  promptSettings,
  savedEntry,
  sharedJournal,
} from '../../../contracts/journal';
import { api } from '../../lib/api';
import { queryClient } from '../../lib/session';

export const portalJournalKey = ['portal', 'journal'] as const;
export type PortalJournal = z.infer<typeof portalJournal>;
export type SavedEntry = z.infer<typeof savedEntry>;
export type { JournalEntryOut };

/** The patient's journal: entries, due prompts and today's intentions. */
export function usePortalJournal(enabled = true) {
  return useQuery({
    queryKey: portalJournalKey,
    enabled,
    queryFn: ({ signal }) => api.get('/api/portal/journal', { schema: portalJournal, signal }),
  });
}

export const refreshJournal = () => queryClient.invalidateQueries({ queryKey: portalJournalKey });

export const createEntry = (body: { kind: string; body: string; promptKey?: string | null }) =>
  api.post('/api/portal/journal', body, { schema: savedEntry });
export const saveEntry = (id: string, body: { body: string; version: number }) =>
  api.put(`/api/portal/journal/${id}`, body, { schema: savedEntry });
export const shareEntry = (id: string) =>
  api.post(`/api/portal/journal/${id}/share`, {}, { schema: savedEntry });
export const withdrawEntry = (id: string) =>
  api.post(`/api/portal/journal/${id}/withdraw`, {}, { schema: savedEntry });

/** What a patient shared (the chart, the note editor, the pre-dose view). */
export function useSharedJournal(patientId: string | undefined) {
  return useQuery({
    queryKey: ['patients', patientId, 'journal'],
    enabled: !!patientId,
    queryFn: ({ signal }) => api.get(`/api/patients/${patientId}/journal`, { schema: sharedJournal, signal }),
  });
}

export const promptSettingsKey = ['admin', 'journal', 'prompts'] as const;
export function usePromptSettings() {
  return useQuery({
    queryKey: promptSettingsKey,
    queryFn: ({ signal }) => api.get('/api/admin/journal/prompts', { schema: promptSettings, signal }),
  });
}
