import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { therapyNote } from '../../../contracts/courses';
import { type noteOffer, notesTodoResponse, visitNote } from '../../../contracts/notes';
import { api } from '../../lib/api';
import { coursesKey } from './course-query';

export type VisitNote = z.infer<typeof visitNote>;
export type NoteOffer = z.infer<typeof noteOffer>;
export type NotesTodo = z.infer<typeof notesTodoResponse>;
export type NoteTodoItem = NotesTodo['sections'][number]['items'][number];
export type NoteSectionKey = NotesTodo['sections'][number]['key'];

const enc = encodeURIComponent;
export const visitNoteKey = (appointmentId: string) => ['visit-note', appointmentId] as const;
export const notesTodoKey = ['notes-todo'] as const;

/** The note written for a therapy visit, or what can be started for it (GET /api/appointments/:id/note). */
export function useVisitNote(appointmentId: string, enabled = true) {
  return useQuery({
    queryKey: visitNoteKey(appointmentId),
    queryFn: ({ signal }) =>
      api.get(`/api/appointments/${enc(appointmentId)}/note`, { schema: visitNote, signal }),
    enabled,
  });
}

/** One section's page, or the first page of both (GET /api/notes/todo). */
export function useNotesTodo(
  q: { section?: NoteSectionKey; offset?: number; limit?: number },
  enabled = true,
) {
  return useQuery({
    queryKey: [...notesTodoKey, q],
    queryFn: ({ signal }) => api.get('/api/notes/todo', { query: q, schema: notesTodoResponse, signal }),
    enabled,
  });
}

/** Starts the note an offer describes; the caller opens the editor with the note it returns. */
export function useStartVisitNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appointmentId, offer }: { appointmentId: string; patientId: string; offer: NoteOffer }) =>
      api.post(
        `/api/appointments/${enc(appointmentId)}/note`,
        { kind: offer.kind, ...(offer.dosingSessionId ? { dosingSessionId: offer.dosingSessionId } : {}) },
        { schema: therapyNote },
      ),
    onSuccess: async (_note, v) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: visitNoteKey(v.appointmentId) }),
        qc.invalidateQueries({ queryKey: notesTodoKey }),
        qc.invalidateQueries({ queryKey: coursesKey(v.patientId) }),
        qc.invalidateQueries({ queryKey: ['worklist'] }),
      ]);
    },
  });
}
