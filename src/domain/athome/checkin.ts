import { evaluateVitals } from '../vitals/rules';
import type { FiredVitalRule, VitalReading, VitalRule } from '../vitals/types';
import type { AtHomeSettings } from './settings';

/**
 * The patient's check-in before an at-home dose (DOMAIN §9) and the go / hold decision on it. Pure: the
 * server gathers the facts (answers, readings, sitter, order, open safety tasks) and stores the decision.
 */

/** The safety questions, each answered yes (safe) or no. The wording is Liminal's, from DOMAIN §9. */
export const SAFETY_QUESTIONS = [
  {
    id: 'no_sedatives',
    text: 'In the last 24 hours I have had no alcohol, benzodiazepines, sleeping tablets or other sedatives.',
    ifNo: 'Do not take the dose today. Your care team will call you to rebook.',
  },
  {
    id: 'no_driving',
    text: 'I will not drive, look after children or use machinery until tomorrow after a night’s sleep.',
    ifNo: 'Do not take the dose until someone else can drive and care for children until tomorrow.',
  },
  {
    id: 'fasting',
    text: 'I have fasted as my care team asked (usually nothing to eat for 2 hours).',
    ifNo: 'Wait until you have fasted as instructed, then check in again, or call your care team.',
  },
  {
    id: 'safe_place',
    text: 'I am in a safe, private, comfortable place where I can lie down.',
    ifNo: 'Move to a safe, private place before you check in again.',
  },
] as const;
export type SafetyQuestionId = (typeof SAFETY_QUESTIONS)[number]['id'];

export interface HomeReading extends VitalReading {
  sbp: number;
  dbp: number;
  hr: number;
}

export interface CheckInFacts {
  mood?: number | null;
  intention?: string | null;
  /** Answers so far; a missing answer is a step not done yet. */
  answers: Partial<Record<SafetyQuestionId, boolean>>;
  /** Home readings in the order taken: the last one decides, the earlier ones are the history. */
  readings: HomeReading[];
  /** When the sitter confirmed their presence from their own link (null: not yet). */
  sitterConfirmedAt: string | null;
  /** The prescriber's order for this session is signed. */
  orderSigned: boolean;
  /** The patient has an open urgent safety task (PHQ-9 item 9, ASQ): never a go (the in-clinic readiness item). */
  openUrgentSafetyTask: boolean;
}

export type CheckInStep = 'mood' | 'safety' | 'reading' | 'sitter';

export interface CheckInDecision {
  /**
   * incomplete: steps remain; hold: something is out of range (reasons say what to do);
   * recheck: the reading is high, re-check at `recheckAt`; awaiting_go: clean, a clinician gives the go;
   * go: clean, and the clinic lets a clean check-in go by its rules.
   */
  outcome: 'incomplete' | 'hold' | 'recheck' | 'awaiting_go' | 'go';
  missing: CheckInStep[];
  reasons: string[];
  /** The vital-sign rules the last reading fired. */
  fired: FiredVitalRule[];
  /** When the re-check is due (ISO instant), for `recheck`. */
  recheckAt: string | null;
  /** Whether the care team must be alerted now (a hold, or a second high reading). */
  alertCareTeam: boolean;
}

/** A home reading that stays high after this many re-checks holds the session for the care team. */
export const MAX_HOME_RECHECKS = 1;

export function evaluateCheckIn(
  facts: CheckInFacts,
  rules: readonly VitalRule[],
  settings: Pick<AtHomeSettings, 'goBy'>,
): CheckInDecision {
  const missing: CheckInStep[] = [];
  if (facts.mood == null || !facts.intention?.trim()) missing.push('mood');
  if (SAFETY_QUESTIONS.some((q) => facts.answers[q.id] === undefined)) missing.push('safety');
  if (facts.readings.length === 0) missing.push('reading');
  if (!facts.sitterConfirmedAt) missing.push('sitter');

  const reasons: string[] = [];
  let hold = false;
  if (facts.openUrgentSafetyTask) {
    hold = true;
    reasons.push(
      'An urgent safety task is open for you. Your care team will call you before any dose: please do not take it today.',
    );
  }
  for (const q of SAFETY_QUESTIONS) {
    if (facts.answers[q.id] === false) {
      hold = true;
      reasons.push(q.ifNo);
    }
  }

  const last = facts.readings.at(-1);
  const fired = last ? evaluateVitals(last, 'home_check_in', rules) : [];
  const holdsFired = fired.filter((f) => f.level === 'hold');
  let recheckAt: string | null = null;
  let recheck = false;
  if (holdsFired.length > 0 && last) {
    reasons.push(...holdsFired.map((f) => f.message));
    // The first high reading asks for a re-check after the rule's interval; a reading that is still high after
    // the re-check(s) holds the session for the care team.
    if (facts.readings.length <= MAX_HOME_RECHECKS) {
      recheck = true;
      const minutes = Math.max(...holdsFired.map((f) => f.recheckMinutes));
      recheckAt = new Date(Date.parse(last.at) + minutes * 60_000).toISOString();
    } else hold = true;
  }

  if (hold) return { outcome: 'hold', missing, reasons, fired, recheckAt: null, alertCareTeam: true };
  if (recheck) return { outcome: 'recheck', missing, reasons, fired, recheckAt, alertCareTeam: false };
  if (missing.length > 0)
    return { outcome: 'incomplete', missing, reasons, fired, recheckAt: null, alertCareTeam: false };
  if (!facts.orderSigned) {
    reasons.push('The prescriber has not signed the order for this session yet: wait for the care team.');
    return { outcome: 'awaiting_go', missing, reasons, fired, recheckAt: null, alertCareTeam: false };
  }
  if (settings.goBy === 'clinician') {
    reasons.push('Your check-in is complete. A clinician will give the go shortly: please wait.');
    return { outcome: 'awaiting_go', missing, reasons, fired, recheckAt: null, alertCareTeam: false };
  }
  return { outcome: 'go', missing, reasons, fired, recheckAt: null, alertCareTeam: false };
}
