/**
 * Secure messages between a patient and their care team (issue #17): the limits, the shipped canned replies and
 * the default answer time. Pure data and arithmetic; the server enforces, the portal explains.
 *
 * Limits are clinic-safety defaults, not clinical rules: a message is a note to the care team, not a journal
 * (4,000 characters is about two printed pages); 20 messages an hour and 5 new threads a day are far above what a
 * patient writing to their clinic sends, and stop a runaway script or a shared-device accident from flooding the
 * inbox. Messages are not for emergencies: the 988 Suicide & Crisis Lifeline and 911 are (SAMHSA, 988lifeline.org).
 */
export const MESSAGE_LIMITS = {
  bodyMin: 1,
  bodyMax: 4000,
  subjectMin: 1,
  subjectMax: 120,
  messagesPerHour: 20,
  threadsPerDay: 5,
  taskTitleMax: 200,
  cannedTitleMax: 80,
  cannedMax: 30,
} as const;

/** What the portal says about when the care team answers, until the clinic sets its own words. */
export const DEFAULT_ANSWER_TIME = 'within 2 working days';

export interface CannedReply {
  id: string;
  title: string;
  body: string;
}

/** Replies the care team can send in one tap, written for this project; the clinic edits the list. */
export const DEFAULT_CANNED_REPLIES: readonly CannedReply[] = [
  {
    id: 'received',
    title: 'Received, will answer',
    body: 'Thank you for your message. We have received it and a member of your care team will answer soon.',
  },
  {
    id: 'call_us',
    title: 'Please call us',
    body: 'Thank you for your message. This is easier to talk through by phone. Please call the clinic when it suits you, or we will call you.',
  },
  {
    id: 'next_visit',
    title: 'Bring it to your next visit',
    body: 'Thank you for sharing this. It is a good thing to talk about at your next visit; please bring it up with your therapist then.',
  },
  {
    id: 'crisis_followup',
    title: 'Checking in after a hard moment',
    body: 'Thank you for telling us. We want to make sure you are safe. A member of your care team will call you today. If you are in danger right now, call or text 988 or call 911.',
  },
];

/** Hours and minutes a patient's message has waited, in plain words ("waiting 3 h", "waiting 2 days"). */
export function waitingWords(sinceIso: string | null, now: Date): string | null {
  if (!sinceIso) return null;
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(sinceIso).getTime()) / 60_000));
  if (minutes < 60) return `waiting ${Math.max(1, minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `waiting ${hours} h`;
  return `waiting ${Math.floor(hours / 24)} days`;
}
