import { toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { Clock } from '../../platform/clock';
import { proposeOnCompletion } from '../billing';
import { cancelPendingReminders } from './reminders-repository';
import { updateAppointment } from './repository';
import { dosingVisitsBetween, openSessionsOf } from './sessions-repository';

/**
 * The visit follows its session (issue #14 §2): a dosing visit is checked in when its session starts and is
 * completed when the patient is discharged, in the same transaction as the session's own write, so the
 * calendar, Today and the portal never say "Booked" while the patient is being monitored, nor "Checked in"
 * after they have gone home.
 *
 * A session's visit is the patient's dosing visit on the local day the session started (in the visit's own
 * zone), the one starting nearest to that moment; cancelled and no-show visits are not.
 */
const DAY = 86_400_000;

export async function visitOfSession(trx: Executor, patientId: string, startedAt: string) {
  const at = Date.parse(startedAt);
  const rows = await dosingVisitsBetween(
    trx,
    patientId,
    new Date(at - DAY).toISOString(),
    new Date(at + DAY).toISOString(),
  );
  const sameDay = rows.filter((r) => toLocal(r.starts_at, r.timezone).date === toLocal(at, r.timezone).date);
  sameDay.sort((x, y) => Math.abs(Date.parse(x.starts_at) - at) - Math.abs(Date.parse(y.starts_at) - at));
  return sameDay[0] ?? null;
}

/**
 * Moves the session's visit on: `checked_in` when the session starts (from booked), `completed` when the patient
 * is discharged or the record signed (from booked or checked in). Audited as the visit's own change.
 */
export async function visitFollowsSession(
  trx: Executor,
  clock: Clock,
  auth: AuthContext,
  session: { id: string; patient_id: string; started_at: string },
  to: 'checked_in' | 'completed',
): Promise<void> {
  const visit = await visitOfSession(trx, session.patient_id, session.started_at);
  if (!visit) return;
  const from = visit.status;
  const moves = to === 'checked_in' ? from === 'booked' : from === 'booked' || from === 'checked_in';
  if (!moves) return;
  const now = clock.now().toISOString();
  const version = Number(visit.version);
  await updateAppointment(trx, visit.id, version, {
    status: to,
    status_changed_at: now,
    version: version + 1,
    updated_at: now,
  });
  if (to === 'completed') await cancelPendingReminders(trx, visit.id, 'The visit was marked completed', now);
  await appendAudit(trx, clock, auth, {
    action: `appointment.${to}`,
    objectType: 'appointment',
    objectId: visit.id,
    patientId: session.patient_id,
    detail: { from, via: 'dosing_session', sessionId: session.id },
  });
  // Billing (issue #22): the discharged visit gets its charge lines proposed, for review.
  if (to === 'completed') await proposeOnCompletion(trx, clock, auth, visit.id);
}

/** The session under way in this visit, if any: a visit with one may not be put back to "booked". */
export async function sessionUnderWayOf(
  trx: Executor,
  patientId: string,
  visit: { starts_at: string; timezone: string },
) {
  const day = toLocal(visit.starts_at, visit.timezone).date;
  const open = await openSessionsOf(trx, patientId);
  return open.find((s) => toLocal(s.started_at, visit.timezone).date === day) ?? null;
}
