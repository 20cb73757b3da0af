import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { courseList, courseTemplate, readinessResponse, therapyNote } from '../../../contracts/courses';
import { api } from '../../lib/api';

export type Course = z.infer<typeof courseList>['courses'][number];
export type Note = z.infer<typeof therapyNote>;
export type NoteContent = Note['content'];
export type SessionSummary = Course['sessions'][number];
export type Template = z.infer<typeof courseTemplate>;
export type Readiness = z.infer<typeof readinessResponse>;
export type ReadinessItem = Readiness['items'][number];

const enc = encodeURIComponent;
/** Under the patient's key (['patients', id]), so refreshing the chart refreshes the course too. */
export const coursesKey = (patientId: string) => ['patients', patientId, 'courses'] as const;
export const readinessKey = (patientId: string, courseId: string) =>
  ['patients', patientId, 'courses', courseId, 'readiness'] as const;
export const noteKey = (patientId: string, noteId: string) =>
  ['patients', patientId, 'notes', noteId] as const;

export const coursesPath = (patientId: string) => `/api/patients/${enc(patientId)}/courses`;
export const coursePath = (patientId: string, courseId: string) =>
  `${coursesPath(patientId)}/${enc(courseId)}`;
export const notePath = (patientId: string, noteId: string) =>
  `/api/patients/${enc(patientId)}/notes/${enc(noteId)}`;

/** Pages in the app. */
export const noteUrl = (patientId: string, noteId: string) => `/app/patients/${patientId}/notes/${noteId}`;
export const sessionUrl = (patientId: string, sessionId: string) =>
  `/app/patients/${patientId}/sessions/${sessionId}`;
export const chartUrl = (patientId: string, tab?: string) =>
  `/app/patients/${patientId}${tab ? `?tab=${tab}` : ''}`;

/**
 * The server names where a readiness item is fixed as `/app/patients/:id#section`; the chart opens its
 * sections as tabs (`?tab=section`), so the anchor becomes the tab.
 */
export function fixLink(fixPath: string): string {
  const [path, anchor] = fixPath.split('#');
  return anchor ? `${path}?tab=${anchor}` : fixPath;
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: ['course-templates'],
    queryFn: ({ signal }) =>
      api.get('/api/course-templates', { schema: z.object({ templates: z.array(courseTemplate) }), signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCourses(patientId: string) {
  return useQuery({
    queryKey: coursesKey(patientId),
    queryFn: ({ signal }) => api.get(coursesPath(patientId), { schema: courseList, signal }),
  });
}

export function useReadiness(patientId: string, courseId: string, enabled: boolean) {
  return useQuery({
    queryKey: readinessKey(patientId, courseId),
    queryFn: ({ signal }) =>
      api.get(`${coursePath(patientId, courseId)}/readiness`, { schema: readinessResponse, signal }),
    enabled,
    staleTime: 0,
  });
}

export function useNote(patientId: string, noteId: string) {
  return useQuery({
    queryKey: noteKey(patientId, noteId),
    queryFn: ({ signal }) => api.get(notePath(patientId, noteId), { schema: therapyNote, signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Sessions not yet discharged or signed are "open": a patient has at most one. */
export const isOpenSession = (s: { status: string }) => s.status !== 'discharged' && s.status !== 'signed';
