import { localToUtc, ROLE_WORDS } from '../labels';
import type { AppointmentType, BookingInput, Resources } from '../scheduling-query';

/** The booking form's data: where it starts (`BookingPrefill`), its values and the request they make. */
export interface BookingPrefill {
  patientId?: string;
  patientName?: string;
  /** The patient's home state: the default for where they will be during a video visit. */
  patientState?: string;
  date?: string;
  time?: string;
  locationId?: string | null;
  roomId?: string | null;
  userId?: string | null;
  typeCode?: string;
  /** Times the prefilled clinician or room is already taken: the default start skips them. */
  busy?: { start: string; end: string }[];
}

export interface BookingValues {
  patientId: string;
  typeId: string;
  modality: string;
  date: string;
  time: string;
  minutes: number | string;
  locationId: string;
  roomId: string;
  staff: string[];
  videoUrl: string;
  patientLocationState: string;
  escortName: string;
  escortPhone: string;
  sendConfirmation: boolean;
}

export function requirementLabel(req: AppointmentType['staff'][number]): string {
  const roles = req.roles.map((r) => ROLE_WORDS[r] ?? r).join(' or ');
  return req.hold === 'on_site' ? `${roles} on site (supervising)` : roles;
}

export function toBody(
  v: BookingValues,
  types: Resources['types'],
  res: Resources,
  tz: string,
): BookingInput | null {
  const type = types.find((t) => t.id === v.typeId);
  if (!type || !v.patientId || !v.date || !v.time) return null;
  let startsAt: string;
  try {
    startsAt = localToUtc(v.date, v.time, tz);
  } catch {
    return null;
  }
  const minutes = Number(v.minutes) || type.defaultMinutes;
  const staff = type.staff.flatMap((_, i) => {
    const id = v.staff[i];
    const c = res.clinicians.find((x) => x.id === id);
    return c ? [{ userId: c.id, role: c.role }] : [];
  });
  const inPerson = v.modality === 'in_person';
  return {
    patientId: v.patientId,
    typeId: v.typeId,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
    modality: v.modality as 'in_person',
    locationId: inPerson ? v.locationId || null : null,
    roomId: inPerson ? v.roomId || null : null,
    staff,
    videoUrl: v.modality === 'video' && v.videoUrl.trim() ? v.videoUrl.trim() : null,
    ...(inPerson
      ? {}
      : v.patientLocationState
        ? { patientLocationState: v.patientLocationState as 'CA' }
        : {}),
    ...(type.category === 'dosing'
      ? { escortName: v.escortName, escortPhone: v.escortPhone.trim() || null }
      : {}),
    sendConfirmation: v.sendConfirmation,
  };
}

/** Where each server field error belongs on this form. */
export const FIELD_MAP: Record<string, keyof BookingValues> = {
  startsAt: 'time',
  endsAt: 'minutes',
  typeId: 'typeId',
  patientId: 'patientId',
  modality: 'modality',
  locationId: 'locationId',
  roomId: 'roomId',
  videoUrl: 'videoUrl',
  patientLocationState: 'patientLocationState',
  escortName: 'escortName',
  escortPhone: 'escortPhone',
};
