import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  atHomeBoard,
  atHomeSessionDetail,
  atHomeSessionList,
  atHomeSettingsView,
  atHomeTask,
} from '../../../contracts/athome';
import { type countResult, supplyView } from '../../../contracts/athome-supply';
import { exposureCurve } from '../../../contracts/sessions';
import { UNDER_WAY } from '../../../domain/athome/state';
import { api } from '../../lib/api';
import { queryClient } from '../../lib/session';

/**
 * The care team's at-home screens (issue #16) and the API they read: the remote board on Today, one session's
 * page, the course's sessions and take-home supply, and the program settings.
 */
export type Board = z.infer<typeof atHomeBoard>;
export type BoardRow = Board['sessions'][number];
export type Escalation = Board['escalations'][number];
export type AtHomeDetail = z.infer<typeof atHomeSessionDetail>;
export type AtHomeSummary = z.infer<typeof atHomeSessionList>['sessions'][number];
export type AtHomeTask = z.infer<typeof atHomeTask>;
export type AtHomeEvent = AtHomeDetail['events'][number];
export type Supply = z.infer<typeof supplyView>;
export type CountResult = z.infer<typeof countResult>;
export type SettingsView = z.infer<typeof atHomeSettingsView>;

const enc = encodeURIComponent;
export const boardKey = ['at-home', 'board'] as const;
/** Under the patient's key (['patients', id]), so refreshing the chart refreshes these too. */
export const sessionsKey = (patientId: string) => ['patients', patientId, 'at-home'] as const;
export const sessionKey = (patientId: string, id: string) => [...sessionsKey(patientId), id] as const;
export const supplyKey = (patientId: string) => ['patients', patientId, 'at-home-supply'] as const;
export const settingsKey = ['at-home', 'settings'] as const;

export const sessionsPath = (patientId: string) => `/api/patients/${enc(patientId)}/at-home-sessions`;
export const sessionPath = (patientId: string, id: string) => `${sessionsPath(patientId)}/${enc(id)}`;
export const taskPath = (patientId: string, taskId: string) =>
  `/api/patients/${enc(patientId)}/at-home-tasks/${enc(taskId)}`;
export const supplyPath = (patientId: string) => `/api/patients/${enc(patientId)}/at-home-supply`;

/** Pages in the app. */
export const atHomeUrl = (patientId: string, id: string) => `/app/patients/${patientId}/at-home/${id}`;

const underWay = (state: AtHomeDetail['state']) => UNDER_WAY.includes(state);

/**
 * Today's remote board, refreshed every 15 seconds while the page is open. While a session on it is under way the
 * board is watched rather than touched, so its refreshes keep the sign-in alive; otherwise a Today left open
 * signs out at the idle limit like any other screen.
 */
export function useBoard(enabled: boolean) {
  return useQuery({
    queryKey: boardKey,
    queryFn: ({ signal }) => {
      const shown = queryClient.getQueryData<Board>(boardKey);
      const keepAlive = Boolean(shown?.sessions.some((s) => underWay(s.state)));
      return api.get('/api/at-home/board', { schema: atHomeBoard, signal, keepAlive });
    },
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 0,
    enabled,
  });
}

/** One at-home session as the care team watches it, every 15 s; like the board, it keeps the sign-in alive while
 * the session is under way. */
export function useAtHomeSession(patientId: string, id: string) {
  return useQuery({
    queryKey: sessionKey(patientId, id),
    queryFn: ({ signal }) => {
      const shown = queryClient.getQueryData<AtHomeDetail>(sessionKey(patientId, id));
      const keepAlive = shown ? underWay(shown.state) : false;
      return api.get(sessionPath(patientId, id), { schema: atHomeSessionDetail, signal, keepAlive });
    },
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

export function useAtHomeExposure(patientId: string, id: string, model: string, enabled: boolean) {
  return useQuery({
    queryKey: [...sessionKey(patientId, id), 'exposure', model],
    queryFn: ({ signal }) =>
      api.get(`${sessionPath(patientId, id)}/exposure`, { query: { model }, schema: exposureCurve, signal }),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useAtHomeSessions(patientId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: sessionsKey(patientId),
    queryFn: ({ signal }) => api.get(sessionsPath(patientId), { schema: atHomeSessionList, signal }),
  });
}

export function useSupply(patientId: string) {
  return useQuery({
    queryKey: supplyKey(patientId),
    queryFn: ({ signal }) => api.get(supplyPath(patientId), { schema: supplyView, signal }),
  });
}

export function useAtHomeSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api.get('/api/admin/at-home/settings', { schema: atHomeSettingsView, signal }),
  });
}

/** After any change to a session: the session, the patient's lists and the board read again. */
export function useRefreshAtHome() {
  const qc = useQueryClient();
  return async (patientId: string) => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: sessionsKey(patientId) }),
      qc.invalidateQueries({ queryKey: supplyKey(patientId) }),
      qc.invalidateQueries({ queryKey: boardKey }),
    ]);
  };
}

/** An action on a session (go, hold, note, close, order): the answer is the session as it is now. */
export function useSessionAction<B>(patientId: string, id: string, path: string) {
  const qc = useQueryClient();
  const refresh = useRefreshAtHome();
  return useMutation({
    mutationFn: (body: B) =>
      api.post(`${sessionPath(patientId, id)}/${path}`, body, { schema: atHomeSessionDetail }),
    onSuccess: async (detail) => {
      qc.setQueryData(sessionKey(patientId, id), detail);
      await refresh(patientId);
    },
  });
}

/** Acknowledge (outcome null) or resolve an escalation. */
export function useTaskAction() {
  const refresh = useRefreshAtHome();
  return useMutation({
    mutationFn: (v: { patientId: string; taskId: string; outcome: string | null }) =>
      v.outcome === null
        ? api.post(`${taskPath(v.patientId, v.taskId)}/acknowledge`, {}, { schema: atHomeTask })
        : api.post(
            `${taskPath(v.patientId, v.taskId)}/resolve`,
            { outcome: v.outcome },
            { schema: atHomeTask },
          ),
    onSuccess: async (_t, v) => refresh(v.patientId),
  });
}

/** Doses taken at home in one course (the course card's progress counts them with the in-clinic ones). */
export function useAtHomeDosed(patientId: string, courseId: string, enabled: boolean): number {
  const list = useAtHomeSessions(patientId, enabled);
  return (list.data?.sessions ?? []).filter((s) => s.courseId === courseId && s.dose).length;
}
