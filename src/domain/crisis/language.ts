/**
 * Crisis language in what a patient writes (journal entries, messages to the care team): a conservative list of
 * phrases, kept as data, matched after simple normalisation. It is a safety net, not a judgement: a match shows
 * crisis resources to the patient at once and, where the patient has shared the words with the care team,
 * opens an urgent task. It is deliberately not a model, so what it does is predictable and reviewable.
 *
 * Sources for the phrases (paraphrased into first-person wording a patient might write):
 * - 988 Suicide & Crisis Lifeline, "Know the warning signs": talking about wanting to die or to kill oneself,
 *   looking for a way to kill oneself, feeling hopeless or having no reason to live, feeling trapped or in
 *   unbearable pain, being a burden to others, saying goodbye.
 * - NIMH Ask Suicide-Screening Questions (ASQ) item wording: wished you were dead, better off dead, thoughts
 *   about killing yourself, tried to kill yourself.
 * - Columbia Suicide Severity Rating Scale screener item wording: wish to be dead, thoughts of killing oneself,
 *   method, intent, plan, preparatory behaviour; and non-suicidal self-harm.
 *
 * Known limits (tested and shown to clinics): negation is NOT understood ("I would never kill myself" matches),
 * because a missed crisis costs more than a false alarm; misspellings beyond the listed variants, other
 * languages, and indirect language ("I won't be around much longer") mostly do not match; quoted or reported
 * speech ("my brother said he wanted to die") matches, and so does "want to die my hair" (a misspelling of dye).
 */
export interface CrisisPhrase {
  id: string;
  /** Matched against normalised text: lower case, straight apostrophes, single spaces. */
  pattern: RegExp;
  theme: 'suicidal_thoughts' | 'intent_or_plan' | 'self_harm' | 'hopelessness' | 'farewell';
  source: '988 Lifeline warning signs' | 'ASQ item wording' | 'C-SSRS screener wording';
}

const w = (body: string) => new RegExp(`(?:^|[^a-z])(?:${body})(?![a-z])`);

export const CRISIS_PHRASES: readonly CrisisPhrase[] = [
  {
    id: 'kill_myself',
    pattern: w('kill(?:ing)? my ?self|kms'),
    theme: 'suicidal_thoughts',
    source: 'C-SSRS screener wording',
  },
  {
    id: 'suicide',
    pattern: w('suicid(?:e|al)'),
    theme: 'suicidal_thoughts',
    source: '988 Lifeline warning signs',
  },
  {
    id: 'end_my_life',
    pattern: w('end(?:ing)? (?:it all|my (?:own )?life)|tak(?:e|ing) my (?:own )?life'),
    theme: 'suicidal_thoughts',
    source: '988 Lifeline warning signs',
  },
  {
    id: 'want_to_die',
    pattern: w(
      '(?:want|wanted|wanting|wish|wished) (?:to|i could|i was|i were) (?:die|be dead|dead|not (?:be )?(?:here|alive|exist))',
    ),
    theme: 'suicidal_thoughts',
    source: 'ASQ item wording',
  },
  {
    id: 'better_off_dead',
    pattern: w('better off (?:dead|without me)'),
    theme: 'suicidal_thoughts',
    source: 'ASQ item wording',
  },
  {
    id: 'no_reason_to_live',
    pattern: w("no (?:reason|point) (?:to|in) (?:live|living|going on)|(?:can't|cannot|can not) go on"),
    theme: 'hopelessness',
    source: '988 Lifeline warning signs',
  },
  {
    id: 'burden',
    pattern: w("(?:i am|i'm|im) (?:just )?a burden"),
    theme: 'hopelessness',
    source: '988 Lifeline warning signs',
  },
  {
    id: 'plan_or_method',
    pattern: w('(?:a|my) plan to (?:die|kill)|(?:pills|rope|gun) to (?:end|kill)|overdos(?:e|ing)'),
    theme: 'intent_or_plan',
    source: 'C-SSRS screener wording',
  },
  {
    id: 'self_harm',
    pattern: w('(?:hurt|hurting|harm|harming|cut|cutting) my ?self|self[- ]?harm'),
    theme: 'self_harm',
    source: 'C-SSRS screener wording',
  },
  {
    id: 'goodbye',
    pattern: w('(?:saying|say) goodbye (?:to everyone|for good|forever)|this is my goodbye'),
    theme: 'farewell',
    source: '988 Lifeline warning signs',
  },
];

export function normaliseForScreening(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export interface CrisisScreen {
  matched: boolean;
  /** Which phrases matched (ids), for the care team's task; the text itself is never copied into the task. */
  phraseIds: string[];
  themes: CrisisPhrase['theme'][];
}

export function screenForCrisis(
  text: string,
  phrases: readonly CrisisPhrase[] = CRISIS_PHRASES,
): CrisisScreen {
  const t = normaliseForScreening(text);
  const hits = phrases.filter((p) => p.pattern.test(t));
  return {
    matched: hits.length > 0,
    phraseIds: hits.map((h) => h.id),
    themes: [...new Set(hits.map((h) => h.theme))],
  };
}

/** What the patient sees at once when a match is found (US resources; the clinic adds its own number). */
export const CRISIS_RESOURCES = [
  { label: 'Call or text 988 (Suicide & Crisis Lifeline)', href: 'tel:988' },
  { label: 'Call 911 if you are in immediate danger', href: 'tel:911' },
  { label: 'Text HOME to 741741 (Crisis Text Line)', href: 'sms:741741' },
] as const;
