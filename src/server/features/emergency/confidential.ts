import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import { forbidden } from '../../platform/errors';
import { onCareTeam } from '../../platform/repository/emergency';
import * as repo from './repository';

/**
 * Changing a confidential record's care team is for its care team: a window opened to treat someone in an
 * emergency must not become lasting access by adding oneself (patients/service.ts calls this).
 */
export async function requireCareTeamIfConfidential(
  trx: Executor,
  auth: AuthContext,
  patientId: string,
): Promise<void> {
  if ((await repo.isConfidential(trx, patientId)) && !(await onCareTeam(trx, patientId, auth.userId))) {
    throw forbidden('This record is confidential: only its care team can change who is on it.');
  }
}
