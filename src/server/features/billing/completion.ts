import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { Clock } from '../../platform/clock';
import { visitContext } from './facts';
import { proposeInto } from './propose';
import { chargesOfVisit } from './repository';

/**
 * When a visit completes (marked on the calendar, or by the discharge of its dosing session), its charge lines are
 * proposed in the same transaction, for a biller or prescriber to review. A visit that already has lines is left
 * alone (a visit put back and completed again keeps what was reviewed). Audited as an automatic proposal by the
 * person whose action completed the visit.
 */
export async function proposeOnCompletion(
  trx: Executor,
  clock: Clock,
  auth: AuthContext,
  appointmentId: string,
): Promise<void> {
  if ((await chargesOfVisit(trx, appointmentId)).length > 0) return;
  const v = await visitContext(trx, appointmentId);
  if (!v?.completed) return;
  const { codes } = await proposeInto(trx, clock, v, null);
  await appendAudit(trx, clock, auth, {
    action: 'billing.propose',
    objectType: 'visit',
    objectId: appointmentId,
    patientId: v.patientId,
    detail: { automatic: true, codes },
  });
}
