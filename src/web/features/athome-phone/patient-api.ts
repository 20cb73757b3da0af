/**
 * The patient's at-home session on their phone: reading it (polled while something is awaited) and writing
 * to it through the at-home queue, as the signed-in patient (session cookie and anti-forgery token).
 */
import { useQuery } from '@tanstack/react-query';
import { type AtHomeSessionOut, atHomeSession, atHomeSessionList } from '../../../contracts/athome';
import { api, getCsrfHeader } from '../../lib/api';
import { currentMe, queryClient } from '../../lib/session';
import { createWriteQueue, type NewWrite, useWrites } from './write-queue';

export type AtHomeSession = AtHomeSessionOut;
export type DueItem = AtHomeSession['timeline'][number];
export type HelpNumbers = AtHomeSession['help'];

export const atHomePortalKey = ['portal', 'at-home-sessions'] as const;
export const portalSessionPath = (id: string) => `/api/portal/at-home-sessions/${encodeURIComponent(id)}`;

export function useMyAtHomeSessions() {
  return useQuery({
    queryKey: atHomePortalKey,
    // Read once, not polled: the portal's home must still let an idle sign-in end (the card's words follow
    // the phone's clock).
    queryFn: ({ signal }) => api.get('/api/portal/at-home-sessions', { schema: atHomeSessionList, signal }),
  });
}

/** One session, re-read as often as `pollMs` says for what it shows, so a go, a sitter's confirmation or a
 * clinician's hold appears without a reload. Those reads keep the patient signed in: a session under way is
 * lived, not tapped through. */
export function useMyAtHomeSession(id: string, pollMs: (s: AtHomeSession | undefined) => number | false) {
  return useQuery({
    queryKey: [...atHomePortalKey, id],
    queryFn: ({ signal }) =>
      api.get(portalSessionPath(id), { schema: atHomeSession, signal, keepAlive: true }),
    refetchInterval: (q) => pollMs(q.state.data),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

/** The patient's queue: in this browser's storage, for the signed-in patient only. */
export const patientQueue = createWriteQueue({
  storageKey: 'liminal-at-home-queue',
  storage: () => (typeof localStorage === 'undefined' ? null : localStorage),
  owner: () => {
    const me = currentMe();
    return me?.user.role === 'patient' ? `patient:${me.user.id}` : null;
  },
  headers: getCsrfHeader,
  stops: (err) => err.status === 401,
  onSent: (write, response) => {
    const parsed = atHomeSession.safeParse(response);
    if (parsed.success) queryClient.setQueryData([...atHomePortalKey, write.sessionId], parsed.data);
    void queryClient.invalidateQueries({ queryKey: atHomePortalKey });
  },
});

export const usePatientWrites = (sessionId: string) => useWrites(patientQueue, sessionId);

/** Sends one of the patient's entries to their session: `path` is under the session's own address. */
export function sendPatient(
  sessionId: string,
  write: Omit<NewWrite, 'sessionId' | 'path'> & { path: string },
) {
  return patientQueue.send({ ...write, sessionId, path: `${portalSessionPath(sessionId)}${write.path}` });
}
