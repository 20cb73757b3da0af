import { addDays, localToUtc, toLocal } from '../scheduling/time';
import { JOURNAL_PROMPT_SLOTS, type JournalPromptSlot, REFLECTION_DAYS } from './prompts';

/**
 * Which prompts are due for a patient now, from their course's sessions and the clinic's time zone.
 *
 * - An intention for each dosing session still to come: due from the local day of the last preparation session
 *   held before it (the preparation session is where the intention is talked about) or, when the course has no
 *   preparation session before it, from 3 local days before the dosing session; until the session starts.
 * - Reflections after each dosing session that has started: the evening of (from 18:00 local on the session's
 *   day, or from the session's start when it starts later) and on each of the 3 following local days (from
 *   00:00). Each is due until the end of its local day: a missed prompt is not carried over, the patient can
 *   always write a free entry.
 * - A prompt the patient has answered (an entry saved against its key) is no longer due.
 *
 * Local days make the windows 23 or 25 hours long on the days the clocks change (tested).
 */
export interface JournalSessionRef {
  /** 'appointment' (an in-clinic dosing visit) or 'at_home_session'. */
  type: 'appointment' | 'at_home_session';
  id: string;
  startsAt: string;
  setting: 'in_clinic' | 'at_home';
}

export interface DuePromptInput {
  now: string;
  timeZone: string;
  /** Start instants of the course's preparation sessions that took or take place (not cancelled). */
  preparations: readonly string[];
  /** The course's dosing sessions, in clinic and at home (not cancelled). */
  dosings: readonly JournalSessionRef[];
  /** Prompt keys the patient has already written an entry for. */
  answered: ReadonlySet<string>;
}

export interface DuePrompt {
  key: string;
  slot: JournalPromptSlot;
  session: JournalSessionRef;
  dueFrom: string;
  dueUntil: string;
}

export const INTENTION_FALLBACK_DAYS = 3;
export const EVENING_STARTS = '18:00';

export const promptKey = (slot: JournalPromptSlot, s: Pick<JournalSessionRef, 'type' | 'id'>) =>
  `${slot}:${s.type}:${s.id}`;

/** Parses a prompt key back into its slot and session, or null when it is not one. */
export function parsePromptKey(
  key: string,
): { slot: JournalPromptSlot; type: JournalSessionRef['type']; id: string } | null {
  const [slot, type, id, ...rest] = key.split(':');
  if (rest.length || !slot || !type || !id) return null;
  if (!(JOURNAL_PROMPT_SLOTS as readonly string[]).includes(slot)) return null;
  if (type !== 'appointment' && type !== 'at_home_session') return null;
  return { slot: slot as JournalPromptSlot, type, id };
}

/** Every prompt window of one dosing session (due or not), in order. */
export function promptWindows(
  s: JournalSessionRef,
  preparations: readonly string[],
  timeZone: string,
): DuePrompt[] {
  const lastPrep = [...preparations]
    .filter((p) => p < s.startsAt)
    .sort()
    .at(-1);
  const sessionDay = toLocal(s.startsAt, timeZone).date;
  const intentionFrom = lastPrep
    ? localToUtc(toLocal(lastPrep, timeZone).date, '00:00', timeZone)
    : localToUtc(addDays(sessionDay, -INTENTION_FALLBACK_DAYS), '00:00', timeZone);
  const out: DuePrompt[] = [
    {
      key: promptKey('intention', s),
      slot: 'intention',
      session: s,
      dueFrom: intentionFrom,
      dueUntil: s.startsAt,
    },
  ];
  for (const [slot, day] of Object.entries(REFLECTION_DAYS) as [JournalPromptSlot, number][]) {
    const date = addDays(sessionDay, day);
    const start =
      day === 0 ? localToUtc(date, EVENING_STARTS, timeZone) : localToUtc(date, '00:00', timeZone);
    const dueFrom = day === 0 && s.startsAt > start ? s.startsAt : start;
    out.push({
      key: promptKey(slot, s),
      slot,
      session: s,
      dueFrom,
      dueUntil: localToUtc(addDays(date, 1), '00:00', timeZone),
    });
  }
  return out;
}

/** The prompts due at `now`, soonest-ending first. */
export function duePrompts(input: DuePromptInput): DuePrompt[] {
  const now = new Date(input.now).toISOString();
  return input.dosings
    .flatMap((s) => promptWindows(s, input.preparations, input.timeZone))
    .filter((p) => p.dueFrom <= now && now < p.dueUntil && !input.answered.has(p.key))
    .sort((a, b) => (a.dueUntil < b.dueUntil ? -1 : a.dueUntil > b.dueUntil ? 1 : 0));
}

/** The local calendar date of an instant in the clinic's zone ('YYYY-MM-DD'). */
export const toLocalDate = (instant: string, timeZone: string): string => toLocal(instant, timeZone).date;
