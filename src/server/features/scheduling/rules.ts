import type { z } from 'zod';
import type { allowedOverlap, bookingFields, conflictItem, warning } from '../../../contracts/scheduling';
import { dateTimeFormat } from '../../../domain/intl-format';
import {
  addMinutes,
  assignStaff,
  formatLocalTime,
  type Modality,
  minutesBetween,
  type StaffAssignment,
  toLocal,
  withinWorkingHours,
} from '../../../domain/scheduling';
import { type Executor, toBool } from '../../db/dialect';
import type { FieldError } from '../../platform/errors';
import * as ref from './reference-repository';
import * as repo from './repository';

/**
 * The rules of a booking, in three tiers:
 *  - problems (422): the request cannot describe a valid visit (wrong modality, a room at another site, a
 *    clinician not licensed where the patient will be, esketamine at an uncertified site);
 *  - conflicts (409): the calendar is taken (patient, clinician or room double-booked, time off, outside
 *    working hours), checked under the resource locks inside the write transaction;
 *  - warnings (200): booked anyway, but someone should look (readiness for dosing, no working hours set;
 *    booking-warnings.ts).
 */
export type BookingInput = z.infer<typeof bookingFields>;
export type Conflict = z.infer<typeof conflictItem>;
export type Warning = z.infer<typeof warning>;

export interface Candidate {
  id: string;
  patientId: string | null;
  enquiryId: string | null;
  /** The enquiry a patient record was made from: its self-booked visits are the patient's too. */
  patientEnquiryId: string | null;
  type: ref.TypeDef;
  startsAt: string;
  endsAt: string;
  timezone: string;
  modality: Modality;
  locationId: string | null;
  roomId: string | null;
  roomName: string | null;
  staff: (StaffAssignment & { name: string })[];
  patientLocationState: string;
}

export interface Who {
  patientId: string | null;
  enquiryId: string | null;
  patientEnquiryId: string | null;
}

/** Turns a request into a candidate visit, or says field by field what is wrong with it. */
export async function resolveCandidate(
  trx: Executor,
  id: string,
  who: Who,
  input: BookingInput,
  opts: { clinicTz: string; prefix?: string },
): Promise<{ candidate: Candidate | null; problems: FieldError[] }> {
  const f = (field: string) => `${opts.prefix ?? ''}${field}`;
  const problems: FieldError[] = [];
  const type = await ref.getType(trx, input.typeId);
  if (!type?.active)
    return {
      candidate: null,
      problems: [{ field: f('typeId'), message: 'No such active appointment type' }],
    };

  const endsAt = input.endsAt ?? addMinutes(input.startsAt, type.defaultMinutes);
  const minutes = minutesBetween(input.startsAt, endsAt);
  if (minutes < type.minMinutes || minutes > type.maxMinutes) {
    problems.push({
      field: f('endsAt'),
      message: `${type.name} lasts ${type.minMinutes}–${type.maxMinutes} minutes (this is ${minutes})`,
    });
  }
  if (!type.modalities.includes(input.modality)) {
    problems.push({
      field: f('modality'),
      message: `${type.name} can only be booked ${type.modalities.map((m) => m.replace('_', ' ')).join(' or ')}`,
    });
  }

  const location = input.locationId ? await ref.getLocation(trx, input.locationId) : undefined;
  if (input.locationId && (!location || !toBool(location.active)))
    problems.push({ field: f('locationId'), message: 'No such active site' });
  if (input.modality === 'in_person' && !input.locationId)
    problems.push({ field: f('locationId'), message: 'An in-person visit needs a site' });
  if (type.certifiedSiteRequired && location && !toBool(location.esketamine_certified)) {
    problems.push({
      field: f('locationId'),
      message: `${location.name} is not certified to give esketamine (Spravato REMS healthcare setting)`,
    });
  }

  let roomName: string | null = null;
  if (input.roomId) {
    const room = await ref.getRoom(trx, input.roomId);
    if (!room || !toBool(room.active))
      problems.push({ field: f('roomId'), message: 'No such active room or chair' });
    else if (input.modality !== 'in_person')
      problems.push({ field: f('roomId'), message: 'A video or phone visit does not use a room' });
    else if (room.location_id !== input.locationId)
      problems.push({ field: f('roomId'), message: `${room.name} is at another site` });
    else if (type.roomKinds.length && !type.roomKinds.includes(room.kind as never))
      problems.push({
        field: f('roomId'),
        message: `${type.name} needs a ${type.roomKinds.join(' or ')}, and ${room.name} is a ${room.kind}`,
      });
    roomName = room?.name ?? null;
  } else if (type.roomRequired && input.modality === 'in_person') {
    problems.push({
      field: f('roomId'),
      message: `${type.name} holds a ${type.roomKinds.join(' or ')}: choose one`,
    });
  }

  const patientLocationState =
    input.modality === 'in_person' ? (location?.state ?? '') : (input.patientLocationState ?? '');
  if (input.modality !== 'in_person' && !input.patientLocationState) {
    problems.push({
      field: f('patientLocationState'),
      message: 'Record the state the patient will be in during the visit (licensure)',
    });
  }

  const users = await ref.staffUsers(
    trx,
    input.staff.map((s) => s.userId),
  );
  input.staff.forEach((s, i) => {
    const u = users.find((x) => x.id === s.userId);
    if (u?.status !== 'active')
      problems.push({ field: f(`staff.${i}.userId`), message: 'No such active staff member' });
    else if (u.role !== s.role)
      problems.push({ field: f(`staff.${i}.role`), message: `This person is a ${u.role.replace('_', ' ')}` });
  });
  const assigned = assignStaff(type.staff, input.staff);
  if (!assigned.ok) {
    for (const i of assigned.invalid)
      problems.push({ field: f(`staff.${i}.userId`), message: 'Listed twice' });
    if (assigned.missing.length)
      problems.push({ field: f('staff'), message: `${type.name} needs: ${assigned.missing.join('; ')}` });
  }

  // Licensure (DOMAIN §7): everyone treating the patient must hold a licence, valid on the visit's date, in
  // the state where the patient is during the visit.
  const tz = location?.timezone ?? opts.clinicTz;
  if (assigned.ok && patientLocationState) {
    const visitDate = toLocal(input.startsAt, tz).date;
    const licensed = new Set(
      (
        await ref.licencesOn(
          trx,
          assigned.staff.map((s) => s.userId),
          visitDate,
          patientLocationState,
        )
      ).map((l) => l.user_id),
    );
    input.staff.forEach((s, i) => {
      if (licensed.has(s.userId)) return;
      const name = users.find((u) => u.id === s.userId)?.name ?? 'This clinician';
      const where =
        input.modality === 'in_person'
          ? `${patientLocationState}, where this site is`
          : `${patientLocationState}, where the patient will be during this ${input.modality} visit`;
      problems.push({
        field: f(`staff.${i}.userId`),
        message: `${name} holds no current licence in ${where}`,
      });
    });
  }

  if (problems.length || !assigned.ok) return { candidate: null, problems };
  return {
    candidate: {
      id,
      ...who,
      type,
      startsAt: input.startsAt,
      endsAt,
      timezone: tz,
      modality: input.modality,
      locationId: input.locationId ?? null,
      roomId: input.roomId ?? null,
      roomName,
      staff: assigned.staff.map((s) => ({ ...s, name: users.find((u) => u.id === s.userId)?.name ?? '' })),
      patientLocationState,
    },
    problems,
  };
}

/** The keys to lock before checking a candidate for clashes (see repository.lockResources). */
export function lockKeys(c: Candidate): string[] {
  return [
    ...(c.patientId ? [`patient:${c.patientId}`] : []),
    ...(c.enquiryId ? [`enquiry:${c.enquiryId}`] : []),
    ...(c.patientEnquiryId ? [`enquiry:${c.patientEnquiryId}`] : []),
    ...c.staff.filter((s) => s.hold === 'exclusive').map((s) => `user:${s.userId}`),
    ...(c.roomId ? [`room:${c.roomId}`] : []),
  ];
}

const span = (start: string, end: string, tz: string) => {
  const day = dateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(new Date(start));
  return `${formatLocalTime(start, tz)}–${formatLocalTime(end, tz)} on ${day}`;
};

/** Everything the candidate clashes with, each naming the resource. Call under the locks. */
export async function findConflicts(
  trx: Executor,
  c: Candidate,
  excludeId: string | null,
  item: number | null = null,
): Promise<Conflict[]> {
  const out: Conflict[] = [];
  const at = (start: string, end: string) => span(start, end, c.timezone);
  const enquiryId = c.enquiryId ?? c.patientEnquiryId;
  for (const b of await repo.patientBusy(
    trx,
    { patientId: c.patientId, enquiryId },
    c.startsAt,
    c.endsAt,
    excludeId,
  )) {
    out.push({
      resource: 'patient',
      id: c.patientId ?? enquiryId ?? '',
      name: 'The patient',
      appointmentId: b.id,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      message: `The patient already has a visit ${at(b.starts_at, b.ends_at)}`,
      item,
    });
  }
  const exclusive = c.staff.filter((s) => s.hold === 'exclusive').map((s) => s.userId);
  for (const b of await repo.staffBusy(trx, exclusive, c.startsAt, c.endsAt, excludeId)) {
    out.push({
      resource: 'clinician',
      id: b.user_id,
      name: b.name,
      appointmentId: b.id,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      message: `${b.name} is already booked ${at(b.starts_at, b.ends_at)}`,
      item,
    });
  }
  if (c.roomId) {
    for (const b of await repo.roomBusy(trx, c.roomId, c.startsAt, c.endsAt, excludeId)) {
      const name = c.roomName ?? 'The room';
      out.push({
        resource: 'room',
        id: c.roomId,
        name,
        appointmentId: b.id,
        startsAt: b.starts_at,
        endsAt: b.ends_at,
        message: `${name} is already booked ${at(b.starts_at, b.ends_at)}`,
        item,
      });
    }
  }
  const everyone = c.staff.map((s) => s.userId);
  for (const t of await ref.timeOffOverlapping(trx, everyone, c.startsAt, c.endsAt)) {
    out.push({
      resource: 'time_off',
      id: t.user_id,
      name: t.user_name,
      appointmentId: null,
      startsAt: t.starts_at,
      endsAt: t.ends_at,
      message: `${t.user_name} is away (time off) during this visit`,
      item,
    });
  }
  const windows = await ref.windowsByUser(trx, everyone);
  for (const s of c.staff) {
    const w = windows.get(s.userId);
    if (!w?.length) continue; // no hours set: a warning, not a refusal (see bookingWarnings)
    if (!withinWorkingHours({ start: c.startsAt, end: c.endsAt }, w, c.locationId)) {
      const role = s.hold === 'on_site' ? 'on site as the supervising prescriber' : 'working';
      out.push({
        resource: 'working_hours',
        id: s.userId,
        name: s.name,
        appointmentId: null,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        message: `${s.name} is not ${role} ${at(c.startsAt, c.endsAt)}${c.locationId ? ' at this site' : ''}`,
        item,
      });
    }
  }
  return out;
}

export type AllowedOverlap = z.infer<typeof allowedOverlap>;

const MODALITY_WORDS: Record<string, string> = { video: 'by video', audio: 'by phone' };

/**
 * The overlaps the visit types' holds allow (catalogue.ts: a person held `on_site` must be at the site but
 * may do other things, so only two `exclusive` holds clash): for each clinician of the candidate, every
 * other visit at the same time where one side holds them only on site, said in plain words so the booking
 * check is not silent about it. A visit held in person at another site is pointed out: being at two sites
 * at once is for the person booking to rule out. Call after findConflicts; exclusive clashes are not here.
 */
export async function allowedOverlaps(
  trx: Executor,
  c: Candidate,
  excludeId: string | null,
): Promise<AllowedOverlap[]> {
  const rows = await repo.staffOverlaps(
    trx,
    c.staff.map((s) => s.userId),
    c.startsAt,
    c.endsAt,
    excludeId,
  );
  if (!rows.length) return [];
  const at = (start: string, end: string) => span(start, end, c.timezone);
  const here = c.locationId ? ((await ref.getLocation(trx, c.locationId))?.name ?? 'this site') : null;
  const out: AllowedOverlap[] = [];
  for (const o of rows) {
    const mine = c.staff.find((s) => s.userId === o.user_id);
    if (!mine || (mine.hold === 'exclusive' && o.hold === 'exclusive')) continue;
    const apart =
      c.modality === 'in_person' &&
      o.modality === 'in_person' &&
      c.locationId &&
      o.location_id &&
      c.locationId !== o.location_id;
    const sites = apart
      ? ` Check that they can be at both: this visit is at ${here}, the other at ${o.location_name ?? 'another site'}.`
      : '';
    let message: string;
    if (mine.hold === 'exclusive') {
      const how = MODALITY_WORDS[c.modality];
      const from = how && o.location_name ? `, ${how} from ${o.location_name}` : '';
      message = `${o.name} supervises a ${o.type_name} visit on site, ${at(o.starts_at, o.ends_at)}. That visit needs them only on site, not with its patient, so they can see this patient at the same time${from}.${sites}`;
    } else if (o.hold === 'exclusive') {
      message = `${o.name} has a ${o.type_name} visit ${at(o.starts_at, o.ends_at)}. This visit needs them only on site as the supervisor, so the two may overlap.${sites}`;
    } else {
      message = `${o.name} also supervises a ${o.type_name} visit on site, ${at(o.starts_at, o.ends_at)}; one supervisor may oversee several visits at once.${sites}`;
    }
    out.push({
      userId: o.user_id,
      name: o.name,
      appointmentId: o.id,
      startsAt: o.starts_at,
      endsAt: o.ends_at,
      message,
    });
  }
  return out;
}
