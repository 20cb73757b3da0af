import type { ExperienceService } from '../features/experience/service';
import type { AuthContext } from '../platform/auth-context';

/**
 * The demo's end-of-session ratings (issue #21), taken in turn by its finished sessions:
 * [intensity, insight, release, connection, difficulty] and [body, time, unreal, self], each 0–10.
 */
const DEMO_RATINGS = (
  [
    [
      [6, 5, 4, 6, 3],
      [5, 6, 4, 3],
    ],
    [
      [7, 7, 6, 7, 4],
      [6, 7, 5, 4],
    ],
    [
      [5, 8, 7, 8, 2],
      [4, 5, 3, 3],
    ],
    [
      [8, 6, 5, 5, 6],
      [8, 8, 7, 6],
    ],
  ] as const
).map(([x, d]) => ({
  lxr: {
    'lxr-intensity': x[0],
    'lxr-insight': x[1],
    'lxr-release': x[2],
    'lxr-connection': x[3],
    'lxr-difficulty': x[4],
  },
  lds: { 'lds-body': d[0], 'lds-time': d[1], 'lds-unreal': d[2], 'lds-self': d[3] },
}));

/** Before discharge the nurse enters the patient's ratings (Liminal's own, not validated) on the console. */
export async function rateDemoSession(
  experience: ExperienceService,
  nurse: AuthContext,
  patientId: string,
  sessionId: string,
  n: number,
): Promise<void> {
  const rating = DEMO_RATINGS[n % DEMO_RATINGS.length] as (typeof DEMO_RATINGS)[number];
  await experience.rateDosing(nurse, patientId, sessionId, { instrumentId: 'lxr', answers: rating.lxr });
  await experience.rateDosing(nurse, patientId, sessionId, { instrumentId: 'lds', answers: rating.lds });
}
