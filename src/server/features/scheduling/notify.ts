import { randomUUID } from 'node:crypto';
import { dateTimeFormat } from '../../../domain/intl-format';
import { buildCalendar, type CalendarEvent, formatLocal, minutesBetween } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { randomToken, sha256 } from '../../platform/crypto';
import { attachmentsOf, deleteAttachmentsOf, insertVisitLink, insertVisitMail } from './links-repository';
import { addressOf } from './present';
import * as repo from './repository';
import { clinicContact, getSchedulingSettings } from './settings';

/**
 * Emails to patients about their visits: confirmation (with an .ics file), change, cancellation and
 * reminders. Plain words, the preparation instructions in full, a link to confirm or cancel, and the
 * crisis line. Subjects never name the treatment: lock screens and shared inboxes are not private.
 */
export type VisitMailKind = 'confirmation' | 'change' | 'cancellation' | 'reminder';
type Listed = repo.ListedAppointment;

export const visitLinkUrl = (publicUrl: string, token: string) => `${publicUrl}/visit#token=${token}`;

/** A fresh link for the emailed "confirm or cancel" page; only its hash is stored; valid until the visit ends. */
export async function createVisitLink(
  trx: Executor,
  appointmentId: string,
  expiresAt: string,
  now: string,
): Promise<string> {
  const token = randomToken(32);
  await insertVisitLink(trx, {
    id: randomUUID(),
    appointment_id: appointmentId,
    token_hash: sha256(token),
    created_at: now,
    expires_at: expiresAt,
  });
  return token;
}

export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m ? `${m} minutes` : ''].filter(Boolean).join(' ');
}

export function whereText(a: Listed): string {
  if (a.modality === 'video')
    return a.video_url ? `By video: ${a.video_url}` : 'By video. We will send you the link before the visit.';
  if (a.modality === 'audio') return 'By phone. We will call you at the number we have for you.';
  return [a.location_name, addressOf(a)].filter(Boolean).join(', ');
}

/** The visit as a calendar event for the patient's own calendar. */
export function patientEvent(a: Listed, clinicName: string, publicUrl: string, now: string): CalendarEvent {
  return {
    uid: `${a.id}@liminal`,
    sequence: Number(a.sequence),
    start: a.starts_at,
    end: a.ends_at,
    summary: `${a.patient_label} at ${clinicName}`,
    description: [a.instructions, `Manage your visits: ${publicUrl}/portal`].filter(Boolean).join('\n\n'),
    location: whereText(a),
    status: a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    stamp: now,
  };
}

export function visitEmail(opts: {
  kind: VisitMailKind;
  firstName: string;
  clinic: { name: string; phone: string | null };
  a: Listed;
  link: string | null;
  cancelNoticeHours: number;
  reminderKind?: string;
}): { subject: string; text: string } {
  const { a, clinic } = opts;
  const when = formatLocal(a.starts_at, a.timezone);
  const day = dateTimeFormat('en-US', {
    timeZone: a.timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date(a.starts_at));
  const callUs = clinic.phone ? `call us at ${clinic.phone}` : 'call the clinic';
  const subject = {
    confirmation: `Your visit at ${clinic.name} on ${day} is booked`,
    change: `Your visit at ${clinic.name} has changed: now ${day}`,
    cancellation: `Your visit at ${clinic.name} on ${day} is cancelled`,
    reminder: `Reminder: your visit at ${clinic.name} on ${day}`,
  }[opts.kind];
  const opening = {
    confirmation: `Your ${a.patient_label.toLowerCase()} is booked.`,
    change: `Your ${a.patient_label.toLowerCase()} has a new time or place. Please use the details below.`,
    cancellation: `Your ${a.patient_label.toLowerCase()} on ${when} is cancelled.${a.cancel_reason && a.cancelled_by_kind === 'clinic' ? ` Reason: ${a.cancel_reason}` : ''}`,
    reminder: `This is a reminder of your ${a.patient_label.toLowerCase()}.`,
  }[opts.kind];
  const lines = [`Hello ${opts.firstName},`, '', opening, ''];
  if (opts.kind !== 'cancellation') {
    lines.push(
      `When: ${when}`,
      `How long: about ${durationText(minutesBetween(a.starts_at, a.ends_at))}`,
      `Where: ${whereText(a)}`,
      '',
    );
    if (a.instructions) lines.push('How to prepare:', ...a.instructions.split('\n').map((l) => `- ${l}`), '');
    if (a.type_category === 'dosing') {
      lines.push(
        a.escort_name
          ? `We have ${a.escort_name} down as the adult taking you home. If that changes, please tell us before the visit.`
          : 'Please tell us the name of the adult who will take you home. We cannot let you leave on your own.',
        '',
      );
    }
    if (opts.link) {
      lines.push('Please confirm you are coming, or cancel if you cannot make it:', opts.link, '');
    }
    lines.push(
      opts.cancelNoticeHours > 0
        ? `If you need to cancel, please do so at least ${opts.cancelNoticeHours} hours before the visit. After that, please ${callUs}.`
        : `If you need to cancel, please ${callUs} as soon as you can.`,
      '',
    );
    if (opts.link && (opts.kind === 'confirmation' || opts.kind === 'change'))
      lines.push('The same link adds the visit to your calendar.', '');
  } else {
    lines.push(`To book a new time, please ${callUs} or reply to this email.`, '');
  }
  lines.push(
    'If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) now, or call 911.',
    '',
    clinic.name,
  );
  return { subject, text: lines.join('\n') };
}

/**
 * Queues one email about a visit in the caller's transaction (it commits with the change that caused it),
 * with its .ics kept beside the outbox row for the mailer to attach. Returns null when there is no address.
 */
export async function queueVisitMail(
  ctx: AppContext,
  trx: Executor,
  appointmentId: string,
  kind: VisitMailKind,
  reminderKind?: string,
): Promise<{ outboxId: string | null; reason: string | null }> {
  const [a] = await repo.listAppointments(trx, {
    start: '',
    end: '',
    ids: [appointmentId],
    includeCancelled: true,
  });
  if (!a) return { outboxId: null, reason: 'The visit was not found' };
  const to = a.p_email ?? a.e_email;
  if (!to) return { outboxId: null, reason: 'No email address on file for the patient' };
  const now = ctx.clock.now().toISOString();
  const clinic = await clinicContact(trx);
  const settings = await getSchedulingSettings(trx);
  const link =
    kind === 'cancellation'
      ? null
      : visitLinkUrl(ctx.config.publicUrl, await createVisitLink(trx, a.id, a.ends_at, now));
  const mail = visitEmail({
    kind,
    firstName: a.p_preferred ?? a.p_first ?? a.e_first ?? 'there',
    clinic,
    a,
    link,
    cancelNoticeHours: settings.patientCancelNoticeHours,
    reminderKind,
  });
  const outboxId = await ctx.mailer.enqueue(trx, {
    to,
    subject: mail.subject,
    text: mail.text,
    relatedType: 'appointment',
    relatedId: a.id,
  });
  const ics = buildCalendar({
    method: kind === 'cancellation' ? 'CANCEL' : 'PUBLISH',
    events: [patientEvent(a, clinic.name, ctx.config.publicUrl, now)],
  });
  await insertVisitMail(trx, {
    id: randomUUID(),
    appointment_id: a.id,
    outbox_id: outboxId,
    kind,
    filename: 'visit.ics',
    content_type: 'text/calendar; charset=utf-8',
    content: ics,
    created_at: now,
  });
  return { outboxId, reason: null };
}

/** What the Mailer attaches to an outbox message: the .ics of a visit email (wired in app.ts). */
export async function mailAttachments(
  db: Executor,
  outboxId: string,
): Promise<{ filename: string; contentType: string; content: string }[]> {
  const rows = await attachmentsOf(db, outboxId);
  return rows.map((r) => ({ filename: r.filename, contentType: r.content_type, content: r.content }));
}

/** Once a visit email is sent its .ics goes too (wired in app.ts): only unsent mail keeps its attachment. */
export const forgetMailAttachments = (db: Executor, outboxId: string): Promise<void> =>
  deleteAttachmentsOf(db, outboxId);
