import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { activeSessions, consoleState, type firedRule, remsRecord } from '../../../contracts/sessions';
import { api } from '../../lib/api';
import { queryClient } from '../../lib/session';

export type ConsoleState = z.infer<typeof consoleState>;
export type SessionState = ConsoleState['session'];
export type Entry = ConsoleState['entries'][number];
export type FiredRule = z.infer<typeof firedRule>;
export type Rule = ConsoleState['rules'][number];
export type ActiveSession = z.infer<typeof activeSessions>['sessions'][number];

const enc = encodeURIComponent;
export const consoleKey = (patientId: string, sessionId: string) =>
  ['patients', patientId, 'sessions', sessionId] as const;
export const sessionPath = (patientId: string, sessionId: string) =>
  `/api/patients/${enc(patientId)}/sessions/${enc(sessionId)}`;
export const remsUrl = (patientId: string, sessionId: string) =>
  `/app/patients/${patientId}/sessions/${sessionId}/rems`;
export const activeKey = ['sessions', 'active'] as const;

/** Statuses where the next step waits on someone else (the order, the signature): worth polling. */
const HANDOFF = new Set(['pre_dose', 'dosing', 'discharged']);

/**
 * The console state. It refreshes after every write; while the session waits for another person (the
 * prescriber's order or signature) it also polls every 15 s. During monitoring it does not poll: the nurse's
 * own entries refresh it, and an unattended tablet still signs out when idle.
 */
export function useConsole(patientId: string, sessionId: string) {
  return useQuery({
    queryKey: consoleKey(patientId, sessionId),
    queryFn: ({ signal }) => api.get(sessionPath(patientId, sessionId), { schema: consoleState, signal }),
    refetchInterval: (q) => {
      const s = q.state.data?.session;
      return s && !s.locked && HANDOFF.has(s.status) ? 15_000 : false;
    },
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

/**
 * The prescriber's board: polls every 15 s. While a session is in progress the board is watched rather than
 * touched, so those polls keep the sign-in alive; with none, a Today left open signs out at the idle limit.
 */
export function useActiveSessions(enabled: boolean) {
  return useQuery({
    queryKey: activeKey,
    queryFn: ({ signal }) => {
      const shown = queryClient.getQueryData<z.infer<typeof activeSessions>>(activeKey);
      const keepAlive = (shown?.sessions.length ?? 0) > 0;
      return api.get('/api/sessions/active', { schema: activeSessions, signal, keepAlive });
    },
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 0,
    enabled,
  });
}

export function useRems(patientId: string, sessionId: string) {
  return useQuery({
    queryKey: [...consoleKey(patientId, sessionId), 'rems'],
    queryFn: ({ signal }) =>
      api.get(`${sessionPath(patientId, sessionId)}/rems`, { schema: remsRecord, signal }),
    staleTime: 0,
  });
}
