import type { Executor } from '../db/dialect';
import type { AuthContext } from './auth-context';
import { type OpenGrant, onCareTeam, openGrantFor } from './repository/emergency';

/**
 * Emergency access ("break the glass", SECURITY.md S17): the object-level rule it bends, and the lookup that
 * flags audit entries. Every clinical role sees every patient of the clinic (scope.ts), except a record a
 * care-team prescriber marked **confidential**: that opens only for its care team. A user an admin has
 * designated (`users.can_break_glass`) may open a time-limited window on one confidential record with a typed
 * reason; while it is open the object-level check lets them in, and every audit entry about that patient
 * that they cause is flagged. The window lifts only the confidentiality restriction, never a role's
 * permissions: a front-desk user still sees demographics only, and an admin (no patient permissions) gains
 * nothing, so admins cannot be designated. Its SQL is in repository/emergency.ts.
 */

/**
 * May this staff member open a confidential record? Its care team may; a designated user with an open
 * window may (interactive sessions only: a FHIR API token never inherits a person's window).
 */
export async function mayOpenConfidential(
  trx: Executor,
  auth: AuthContext,
  patientId: string,
  nowIso: string,
): Promise<boolean> {
  if (await onCareTeam(trx, patientId, auth.userId)) return true;
  if (!auth.canBreakGlass || auth.scopes) return false;
  return Boolean(await openGrantFor(trx, auth.userId, patientId, nowIso));
}

/**
 * The window an audit entry falls in, if any: the actor's open grant on the entry's patient. Only designated
 * users can hold one (removing the designation ends their windows), so nobody else pays for the lookup.
 */
export async function grantForAudit(
  trx: Executor,
  auth: AuthContext | null,
  patientId: string | null | undefined,
  nowIso: string,
): Promise<OpenGrant | undefined> {
  if (!auth?.canBreakGlass || !patientId || auth.scopes) return undefined;
  return openGrantFor(trx, auth.userId, patientId, nowIso);
}
