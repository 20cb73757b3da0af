// Reminder timing and the patient's cancellation window.
//
// Why reminders at all: missed and late-cancelled dosing visits waste a chair, a nurse and a prescriber for
// hours; reminders with the preparation instructions (fasting, an escort home) also prevent same-day
// cancellations because the patient arrives ready. Offsets are clinic settings (default 48 h and 2 h).

export const DEFAULT_REMINDER_OFFSETS_MIN = [48 * 60, 2 * 60];

/** A short, stable name for an offset: 2880 → '48h', 120 → '2h', 90 → '90m', 10080 → '7d'. */
export function reminderKind(offsetMinutes: number): string {
  if (offsetMinutes % (24 * 60) === 0 && offsetMinutes >= 7 * 24 * 60) return `${offsetMinutes / (24 * 60)}d`;
  if (offsetMinutes % 60 === 0) return `${offsetMinutes / 60}h`;
  return `${offsetMinutes}m`;
}

export interface PlannedReminder {
  kind: string;
  offsetMinutes: number;
  sendAt: string;
}

/**
 * The reminders to create for a visit starting at `startsAt`. A reminder whose moment has already passed
 * when the visit is booked is not created (the booking confirmation covers it); duplicates are dropped.
 */
export function planReminders(
  startsAt: string,
  offsetsMinutes: readonly number[],
  now: Date,
): PlannedReminder[] {
  const start = Date.parse(startsAt);
  const seen = new Set<number>();
  const out: PlannedReminder[] = [];
  for (const off of offsetsMinutes) {
    if (!Number.isInteger(off) || off <= 0 || seen.has(off)) continue;
    seen.add(off);
    const at = start - off * 60_000;
    if (at <= now.getTime()) continue;
    out.push({ kind: reminderKind(off), offsetMinutes: off, sendAt: new Date(at).toISOString() });
  }
  return out.sort((a, b) => Date.parse(a.sendAt) - Date.parse(b.sendAt));
}

export interface DueCandidate {
  id: string;
  sendAt: string;
}

/**
 * Of one visit's pending reminders, which to send now and which to drop. Only the latest due reminder is
 * sent: after an outage the patient gets one current message, not a burst of stale ones. Nothing is sent
 * once the visit has started.
 */
export function pickDue(
  pending: readonly DueCandidate[],
  now: Date,
  startsAt: string,
): { send: string | null; skip: { id: string; reason: 'superseded' | 'too_late' }[] } {
  const t = now.getTime();
  const due = pending
    .filter((p) => Date.parse(p.sendAt) <= t)
    .sort((a, b) => Date.parse(a.sendAt) - Date.parse(b.sendAt));
  if (!due.length) return { send: null, skip: [] };
  if (t >= Date.parse(startsAt))
    return { send: null, skip: due.map((d) => ({ id: d.id, reason: 'too_late' as const })) };
  const last = due[due.length - 1] as DueCandidate;
  return { send: last.id, skip: due.slice(0, -1).map((d) => ({ id: d.id, reason: 'superseded' as const })) };
}

/** A patient may cancel online until `minNoticeHours` before the visit; after that they call the clinic. */
export function cancellationWindow(
  startsAt: string,
  now: Date,
  minNoticeHours: number,
): { allowed: boolean; deadline: string } {
  const deadline = Date.parse(startsAt) - minNoticeHours * 3_600_000;
  return { allowed: now.getTime() <= deadline, deadline: new Date(deadline).toISOString() };
}
