import type { z } from 'zod';
import type { portalVisit } from '../../../contracts/scheduling';
import {
  cancellationWindow,
  formatLocal,
  type Modality,
  type VisitCategory,
} from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { conflict } from '../../platform/errors';
import type { BookingService } from './booking';
import { queueVisitMail } from './notify';
import { addressOf } from './present';
import * as repo from './repository';
import { clinicContact, getSchedulingSettings } from './settings';

/** A visit as the patient sees it, and the patient's own cancel: shared by the portal and the emailed link. */

type PortalVisit = z.infer<typeof portalVisit>;
/** All of time, for listing every visit of a patient (or one visit by id) whatever its date. */
export const EVER = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };

export function presentPortalVisit(
  a: repo.ListedAppointment,
  now: Date,
  noticeHours: number,
  rebookable = false,
): PortalVisit {
  const window = cancellationWindow(a.starts_at, now, noticeHours);
  return {
    id: a.id,
    label: a.patient_label,
    category: a.type_category as VisitCategory,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    timezone: a.timezone,
    when: formatLocal(a.starts_at, a.timezone),
    modality: a.modality as Modality,
    locationName: a.location_name ?? null,
    address: a.modality === 'in_person' ? addressOf(a) : null,
    videoUrl: a.modality === 'video' ? a.video_url : null,
    status: a.status as PortalVisit['status'],
    instructions: a.instructions,
    confirmedAt: a.confirmed_at,
    canCancel: a.status === 'booked' && window.allowed,
    cancelDeadline: window.deadline,
    canRebook: rebookable,
  };
}

/**
 * Cancels a visit for the patient (portal or emailed link): only a booked visit, only within the clinic's
 * notice period; the patient is emailed unless the visit is being moved (the new booking's email says it).
 */
export async function cancelAsPatient(
  ctx: AppContext,
  booking: BookingService,
  trx: Executor,
  id: string,
  reason: string,
  by: string | null,
  notify = true,
) {
  const a = (await repo.getAppointment(trx, id)) as repo.AppointmentRow;
  const { patientCancelNoticeHours } = await getSchedulingSettings(trx);
  const window = cancellationWindow(a.starts_at, ctx.clock.now(), patientCancelNoticeHours);
  if (a.status !== 'booked') throw conflict(`This visit is already ${a.status.replace('_', ' ')}.`);
  if (!window.allowed) {
    const { phone } = await clinicContact(trx);
    throw conflict(
      `Visits can be cancelled online until ${patientCancelNoticeHours} hours before they start. Please ${phone ? `call the clinic at ${phone}` : 'call the clinic'} to cancel.`,
      { cancelDeadline: window.deadline },
    );
  }
  await booking.markCancelled(trx, a, { reason, by, kind: 'patient', late: false });
  if (notify) await queueVisitMail(ctx, trx, id, 'cancellation');
}
