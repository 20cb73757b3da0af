import type { z } from 'zod';
import type { inboxThread, message, threadSummary } from '../../../contracts/messages';
import { ROLE_LABELS, type Role } from '../../platform/permissions';
import type { MessageRow, ThreadRow } from './repository';

type Side = 'patient' | 'staff';

export const patientFullName = (p: {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
}) => `${p.preferred_name ?? p.first_name} ${p.last_name}`;

/** A thread as one side sees it: "unread" means the other side wrote something this side has not opened. */
export function presentThread(
  t: ThreadRow & { handler_name: string | null },
  reader: Side,
): z.infer<typeof threadSummary> {
  const unread =
    reader === 'patient' ? t.last_staff_seq > t.patient_read_seq : t.last_patient_seq > t.staff_read_seq;
  return {
    id: t.id,
    subject: t.subject,
    state: t.state === 'closed' ? 'closed' : 'open',
    urgent: t.urgent === 1,
    messageCount: t.message_count,
    unread,
    lastMessageAt: t.last_message_at,
    lastSide: t.last_patient_seq > t.last_staff_seq ? 'patient' : 'staff',
    handlerName: t.handler_name,
  };
}

export function presentInboxThread(
  t: ThreadRow & { handler_name: string | null },
  patientName: string,
): z.infer<typeof inboxThread> {
  return {
    ...presentThread(t, 'staff'),
    patientId: t.patient_id,
    patientName,
    handlerId: t.handler_id,
    waitingSince: t.waiting_since,
  };
}

/** One message; the patient sees their own as "You", staff names with their role. */
export function presentMessage(
  m: MessageRow & { author_name: string; author_role: string },
  reader: Side,
  patientName: string,
): z.infer<typeof message> {
  const side: Side = m.side === 'patient' ? 'patient' : 'staff';
  const authorName =
    side === 'patient'
      ? reader === 'patient'
        ? 'You'
        : patientName
      : `${m.author_name} (${ROLE_LABELS[m.author_role as Role] ?? 'Care team'})`;
  return { id: m.id, seq: m.seq, side, authorName, body: m.body, sentAt: m.sent_at };
}
