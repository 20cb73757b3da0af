import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';

/**
 * The SQL behind emergency access (platform/emergency.ts). It reads `care_team`, which the patients feature
 * writes: the platform may not import a feature, so the one question it asks of that table is answered here.
 */
export interface OpenGrant {
  id: string;
  expires_at: string;
}

// Asked for every audit entry a designated user's request writes about a patient: compiled once.
const openGrant = compiledOnce((trx: Executor, userId: string, patientId: string, nowIso: string) =>
  trx
    .selectFrom('emergency_access')
    .select(['id', 'expires_at'])
    .where('user_id', '=', userId)
    .where('patient_id', '=', patientId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('expires_at', 'desc')
    .limit(1),
);

/** The user's open window on this patient at `nowIso`, if any (not ended, not expired). */
export async function openGrantFor(
  trx: Executor,
  userId: string,
  patientId: string,
  nowIso: string,
): Promise<OpenGrant | undefined> {
  return (await openGrant(trx, userId, patientId, nowIso))[0];
}

export async function onCareTeam(trx: Executor, patientId: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('care_team')
    .select('user_id')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}
