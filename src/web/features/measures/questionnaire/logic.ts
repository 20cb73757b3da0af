/**
 * The rules a questionnaire screen needs between saves: which items show (FHIR enableWhen, as the server
 * applies it), where to resume, and whether an answer just given calls for crisis resources.
 */
import { getInstrument } from '../../../../domain/instruments/library';
import type { Answers, FormItem, Instrument } from '../measures-query';

/** The answer as a number: yes/no answers may arrive as true/false. */
export function answerValue(raw: Answers[string] | undefined): number | undefined {
  if (raw === true) return 1;
  if (raw === false) return 0;
  return typeof raw === 'number' ? raw : undefined;
}

export function isShown(item: FormItem, answers: Answers): boolean {
  if (!item.enableWhen) return true;
  const { anyOf, equals } = item.enableWhen;
  return anyOf.some((id) => answerValue(answers[id]) === equals);
}

export const visibleItems = (instrument: Instrument, answers: Answers) =>
  instrument.items.filter((i) => isShown(i, answers));

/**
 * Sets one answer and clears answers to items that are no longer shown (e.g. the ASQ's acuity question
 * after every screening answer turns to "No"), so a hidden answer can never score or raise a flag.
 */
export function withAnswer(instrument: Instrument, answers: Answers, linkId: string, value: number): Answers {
  const next: Answers = { ...answers, [linkId]: value };
  for (const item of instrument.items) {
    if (next[item.linkId] !== undefined && next[item.linkId] !== null && !isShown(item, next)) {
      next[item.linkId] = null;
    }
  }
  return next;
}

/** Where a returning patient picks up: the first shown question without an answer, else the review. */
export function resumeIndex(instrument: Instrument, answers: Answers): number {
  const items = visibleItems(instrument, answers);
  const i = items.findIndex((item) => answerValue(answers[item.linkId]) === undefined);
  return i === -1 ? items.length : i;
}

export const missingRequired = (instrument: Instrument, answers: Answers) =>
  visibleItems(instrument, answers).filter((i) => i.required && answerValue(answers[i.linkId]) === undefined);

export type CrisisLevel = 'urgent' | 'emergency';

/**
 * Whether the answers given so far fire one of the instrument's urgent or emergency safety flags (PHQ-9
 * item 9 above "Not at all", an ASQ "yes"). The server's `crisis` answer covers emergency flags only; the
 * shipped definitions (pure domain code, shared with the server) let the screen react to the urgent ones
 * too, at once and without a round trip. Unanswered questions never count here.
 */
export function localCrisis(instrument: Instrument, answers: Answers): CrisisLevel | null {
  const def = getInstrument(instrument.id);
  if (!def || def.version !== instrument.version) return null;
  let level: CrisisLevel | null = null;
  for (const rule of def.scoring.flags ?? []) {
    if (rule.level === 'info') continue;
    const fires = rule.when.anyOf.some((id) => {
      const v = answerValue(answers[id]);
      return v !== undefined && v >= rule.when.atLeast;
    });
    if (fires && (level === null || rule.level === 'emergency')) level = rule.level;
  }
  return level;
}
