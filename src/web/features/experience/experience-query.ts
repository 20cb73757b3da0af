import { useQuery } from '@tanstack/react-query';
import { type SessionExperienceOut, sessionExperience } from '../../../contracts/experience';
import { api } from '../../lib/api';

export type SessionExperience = SessionExperienceOut;
export type Rating = SessionExperienceOut['ratings'][number];
export type RatingInstrument = SessionExperienceOut['instruments'][number];

/** Where a session's ratings live: a clinic dosing session, an at-home session (staff), or the patient's own. */
export const experiencePaths = {
  dosing: (patientId: string, sessionId: string) =>
    `/api/patients/${encodeURIComponent(patientId)}/sessions/${encodeURIComponent(sessionId)}/experience`,
  atHome: (patientId: string, id: string) =>
    `/api/patients/${encodeURIComponent(patientId)}/at-home-sessions/${encodeURIComponent(id)}/experience`,
  portal: (id: string) => `/api/portal/at-home-sessions/${encodeURIComponent(id)}/experience`,
};

export const experienceKey = (path: string) => ['experience', path] as const;

export function useExperience(path: string, enabled = true) {
  return useQuery({
    queryKey: experienceKey(path),
    queryFn: ({ signal }) => api.get(path, { schema: sessionExperience, signal }),
    enabled,
  });
}

export const rateSession = (
  path: string,
  body: { instrumentId: string; answers: Record<string, number>; reason?: string },
) => api.post(path, body, { schema: sessionExperience });

/** "Liminal acute experience rating (not validated)" → "Acute experience". */
export function shortRatingName(name: string): string {
  if (/experience/i.test(name)) return 'Acute experience';
  if (/dissociation/i.test(name)) return 'Dissociation';
  return name;
}
