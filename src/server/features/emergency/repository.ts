import type { Executor } from '../../db/dialect';

/** Emergency access windows opened since `since`, newest first, with who opened them (for admins to review). */
export const emergencyWindowsSince = (db: Executor, since: string) =>
  db
    .selectFrom('emergency_access as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'e.patient_id', 'e.opened_at', 'e.expires_at', 'e.ended_at', 'u.name'])
    .where('e.opened_at', '>=', since)
    .orderBy('e.opened_at', 'desc')
    .execute();
