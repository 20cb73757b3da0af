import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes';
import { RATING_NOTE } from '../../../contracts/athome';
import { SIDE_EFFECTS } from '../../../contracts/sessions';
import { SAFETY_QUESTIONS } from '../../../domain/athome';
import { QUESTIONNAIRE_URN_PREFIX } from '../../../domain/instruments';
import { VITAL_SIGNS } from '../../../domain/vitals';
import type { AtHomeEventRow } from '../../features/athome';
import { type AtHomeSession, readingsOfSession } from './athome';
import { coding, compact, LOINC, meta, parseJson, ref } from './common';

/**
 * The at-home session's forms as Questionnaires, and what the patient and the sitter answered as
 * QuestionnaireResponses: the check-in before the dose (mood, intention, safety questions, home readings,
 * sitter), each timed check-in and visual check during it, and the two check-outs. The Questionnaires are
 * Liminal's own (the wording of DOMAIN §9), served beside the instrument library.
 */
const VERSION = '1';
const FORMS = {
  checkIn: 'at-home-check-in',
  check: 'at-home-check',
  checkOut: 'at-home-check-out',
  sitterCheckOut: 'at-home-sitter-check-out',
} as const;
type Form = keyof typeof FORMS;
const url = (form: Form) => `${QUESTIONNAIRE_URN_PREFIX}${FORMS[form]}`;
const canonical = (form: Form) => `${url(form)}|${VERSION}`;
const SIDE_EFFECT_SYSTEM = 'urn:liminal:answers:side-effects';
const CHECK_SYSTEM = 'urn:liminal:answers:at-home-check';

const SIDE_EFFECT_WORDS: Record<(typeof SIDE_EFFECTS)[number], string> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  dizziness: 'Dizziness',
  headache: 'Headache',
  anxiety: 'Anxiety',
  elevated_bp: 'Elevated blood pressure',
  confusion: 'Confusion',
  agitation: 'Agitation',
  other: 'Other',
};
const CHECK_WORDS = { timed_check_in: 'Timed check-in', sitter_check: 'Visual check by the sitter' } as const;

// ── The Questionnaires ──

const q = (
  linkId: string,
  text: string,
  type: QuestionnaireItem['type'],
  more: Partial<QuestionnaireItem> = {},
) => ({ linkId, text, type, ...more }) as QuestionnaireItem;
const sideEffects = q('side-effects', 'Side effects', 'choice', {
  repeats: true,
  answerOption: SIDE_EFFECTS.map((c) => ({
    valueCoding: coding(SIDE_EFFECT_SYSTEM, c, SIDE_EFFECT_WORDS[c]),
  })),
});
const reading = (v: 'sbp' | 'dbp' | 'hr') =>
  q(v, `${VITAL_SIGNS[v].fieldLabel} (${VITAL_SIGNS[v].unit})`, 'integer', {
    code: [coding(LOINC, VITAL_SIGNS[v].loinc.code, VITAL_SIGNS[v].loinc.display)],
  });

const ITEMS: Record<Form, QuestionnaireItem[]> = {
  checkIn: [
    q('mood', 'Today’s mood, from 0 (very low) to 10 (very good)', 'integer', { required: true }),
    q('intention', 'Your intention for this session, in your own words', 'string', { required: true }),
    q('safety', 'Safety questions', 'group', {
      item: SAFETY_QUESTIONS.map((x) => q(x.id, x.text, 'boolean', { required: true })),
    }),
    q('readings', 'Home blood-pressure and pulse readings (a re-check follows a high one)', 'group', {
      repeats: true,
      item: [q('time', 'Taken at', 'dateTime'), reading('sbp'), reading('dbp'), reading('hr')],
    }),
    q('sitter', 'Your sitter: a sober adult who stays with you for the whole session', 'group', {
      item: [
        q('sitter-name', 'Name', 'string'),
        q('sitter-confirmed', 'The sitter confirmed their presence from their own link', 'boolean'),
      ],
    }),
  ],
  check: [
    q('check', 'Check', 'choice', {
      answerOption: Object.entries(CHECK_WORDS).map(([c, w]) => ({
        valueCoding: coding(CHECK_SYSTEM, c, w),
      })),
    }),
    q('minute', 'Minutes after the dose', 'integer'),
    q('ok', 'Everything is OK', 'boolean', { required: true }),
    q('note', 'Note', 'string'),
  ],
  checkOut: [
    q('settled', 'I feel settled and back to myself', 'boolean', { required: true }),
    sideEffects,
    q('dissociation', `Dissociation, 0–10. ${RATING_NOTE}`, 'integer'),
    q('experience', 'Experience, 0 (very difficult) to 10 (very good)', 'integer'),
    q('dose-left', 'Some of today’s dose was not taken (spat out, left over)', 'boolean'),
    q('remaining-troches', 'Troches I hold now, counted', 'integer'),
    q('note', 'Note', 'string'),
  ],
  sitterCheckOut: [
    q('settled', 'The patient seems settled, oriented and safe to be left', 'boolean', { required: true }),
    sideEffects,
    q('stayed-whole-session', 'I stayed for the whole session', 'boolean'),
    q('note', 'Note', 'string'),
  ],
};
const TITLES: Record<Form, string> = {
  checkIn: 'At-home check-in before the dose',
  check: 'At-home check during the session',
  checkOut: 'At-home check-out (patient)',
  sitterCheckOut: 'At-home check-out (sitter)',
};

/** The four at-home forms, served with the instrument library (not in any patient's record). */
export function atHomeQuestionnaires(): Questionnaire[] {
  return (Object.keys(FORMS) as Form[]).map((form) => ({
    resourceType: 'Questionnaire',
    id: FORMS[form],
    url: url(form),
    version: VERSION,
    name: FORMS[form].toUpperCase().replace(/-/g, '_'),
    title: TITLES[form],
    status: 'active',
    subjectType: ['Patient'],
    publisher: 'Liminal',
    description: 'Liminal’s own form for at-home sublingual ketamine sessions (not a validated instrument).',
    item: ITEMS[form],
  }));
}

// ── The responses ──

/** Response ids name what was answered: the session's check-in and check-outs, or one check's event. */
export const responseId = {
  checkIn: (sessionId: string) => `athome-checkin.${sessionId}`,
  check: (eventId: string) => `athome-check.${eventId}`,
  checkOut: (sessionId: string) => `athome-checkout.${sessionId}`,
  sitterCheckOut: (sessionId: string) => `athome-sitter-checkout.${sessionId}`,
};
const RESPONSE_ID = /^athome-(checkin|check|checkout|sitter-checkout)\.([0-9a-f-]{36})$/;
export function parseResponseId(id: string): { kind: 'session' | 'event'; id: string } | null {
  const m = RESPONSE_ID.exec(id);
  if (!m) return null;
  return { kind: m[1] === 'check' ? 'event' : 'session', id: m[2] as string };
}

/** The timeline events a check-in is made of (its authored time is the last of them). */
export const CHECK_IN_EVENTS = ['check_in_step', 'reading', 'sitter_invited', 'sitter_confirmed'] as const;
/** The timeline events of a timed check-in (patient or sitter) and of a sitter's visual check. */
export const CHECK_EVENTS = ['check_in', 'sitter_check'] as const;

type Answer = QuestionnaireResponseItemAnswer;
const item = (linkId: string, text: string, answers: (Answer | null)[]): QuestionnaireResponseItem[] => {
  const given = answers.filter((a): a is Answer => a !== null);
  return given.length ? [{ linkId, text, answer: given }] : [];
};
const bool = (v: unknown): Answer | null => (typeof v === 'boolean' ? { valueBoolean: v } : null);
const int = (v: unknown): Answer | null =>
  typeof v === 'number' && Number.isInteger(v) ? { valueInteger: v } : null;
const str = (v: unknown): Answer | null => (typeof v === 'string' && v.trim() ? { valueString: v } : null);
const group = (linkId: string, text: string, items: QuestionnaireResponseItem[]) =>
  items.length ? [{ linkId, text, item: items }] : [];
const textOf = (form: Form, linkId: string): string => {
  const find = (items: QuestionnaireItem[]): QuestionnaireItem | undefined =>
    items.find((i) => i.linkId === linkId) ??
    items.flatMap((i) => (i.item ? [find(i.item)] : [])).find(Boolean);
  return find(ITEMS[form])?.text ?? linkId;
};
const answered = (form: Form, linkId: string, answers: (Answer | null)[]) =>
  item(linkId, textOf(form, linkId), answers);
const sideEffectAnswers = (codes: unknown): Answer[] =>
  (Array.isArray(codes) ? codes : [])
    .filter((c): c is (typeof SIDE_EFFECTS)[number] => SIDE_EFFECTS.includes(c))
    .map((c) => ({ valueCoding: coding(SIDE_EFFECT_SYSTEM, c, SIDE_EFFECT_WORDS[c]) }));

const sitterAuthor = (s: AtHomeSession): Reference<never> => ({
  type: 'RelatedPerson',
  display: `${s.sitter_name ?? 'The sitter'} (sitter)`,
});

function response(
  s: AtHomeSession,
  form: Form,
  id: string,
  authored: string,
  status: QuestionnaireResponse['status'],
  author: Reference<never>,
  items: QuestionnaireResponseItem[],
): QuestionnaireResponse {
  return compact<QuestionnaireResponse>({
    resourceType: 'QuestionnaireResponse',
    id,
    meta: meta(authored),
    questionnaire: canonical(form),
    status,
    subject: ref('Patient', s.patient_id),
    encounter: ref('Encounter', s.id),
    authored,
    author,
    source: author.reference ? author : undefined,
    item: items,
  });
}

/**
 * The check-in before the dose, once anything of it is answered: completed when every step is done, stopped
 * when the session ended first, else in progress. `events`: the session's check-in events (their last time is
 * when it was answered).
 */
export function presentCheckInResponse(
  s: AtHomeSession,
  events: readonly Pick<AtHomeEventRow, 'at' | 'kind'>[],
): QuestionnaireResponse | null {
  const answers = parseJson<Record<string, boolean>>(s.safety_answers, {});
  const readings = readingsOfSession(s);
  const items: QuestionnaireResponseItem[] = [
    ...answered('checkIn', 'mood', [int(s.mood === null ? null : Number(s.mood))]),
    ...answered('checkIn', 'intention', [str(s.intention)]),
    ...group(
      'safety',
      'Safety questions',
      SAFETY_QUESTIONS.flatMap((x) => answered('checkIn', x.id, [bool(answers[x.id])])),
    ),
    ...readings.flatMap((r) =>
      group('readings', textOf('checkIn', 'readings'), [
        ...answered('checkIn', 'time', [{ valueDateTime: r.at }]),
        ...answered('checkIn', 'sbp', [int(r.sbp)]),
        ...answered('checkIn', 'dbp', [int(r.dbp)]),
        ...answered('checkIn', 'hr', [int(r.hr)]),
      ]),
    ),
    ...group('sitter', textOf('checkIn', 'sitter'), [
      ...answered('checkIn', 'sitter-name', [str(s.sitter_name)]),
      ...(s.sitter_name
        ? answered('checkIn', 'sitter-confirmed', [{ valueBoolean: Boolean(s.sitter_confirmed_at) }])
        : []),
    ]),
  ];
  if (!items.length) return null;
  const times = events
    .filter((e) => (CHECK_IN_EVENTS as readonly string[]).includes(e.kind))
    .map((e) => e.at)
    .sort();
  const authored = times.at(-1) ?? s.updated_at;
  const decision = parseJson<{ missing?: string[] } | null>(s.decision, null);
  const complete = decision !== null && (decision.missing ?? []).length === 0;
  const ended = ['closed', 'checked_out'].includes(s.state);
  return response(
    s,
    'checkIn',
    responseId.checkIn(s.id),
    authored,
    complete ? 'completed' : ended ? 'stopped' : 'in-progress',
    ref('Patient', s.patient_id),
    items,
  );
}

/** One timed check-in (by the patient or the sitter) or one visual check by the sitter. */
export function presentCheckResponse(s: AtHomeSession, e: AtHomeEventRow): QuestionnaireResponse {
  const [kind = '', minute] = (e.item_key ?? '').split(':');
  const check = e.kind === 'sitter_check' ? 'sitter_check' : 'timed_check_in';
  return response(
    s,
    'check',
    responseId.check(e.id),
    e.at,
    'completed',
    e.actor_kind === 'patient' ? ref('Patient', s.patient_id) : sitterAuthor(s),
    [
      ...answered('check', 'check', [{ valueCoding: coding(CHECK_SYSTEM, check, CHECK_WORDS[check]) }]),
      ...answered('check', 'minute', [kind && minute !== undefined ? int(Number(minute)) : null]),
      ...answered('check', 'ok', [e.ok === null ? null : { valueBoolean: Number(e.ok) === 1 }]),
      ...answered('check', 'note', [str(e.note)]),
    ],
  );
}

/** The patient's and the sitter's check-outs, each once given. */
export function presentCheckOutResponses(s: AtHomeSession): QuestionnaireResponse[] {
  const out: QuestionnaireResponse[] = [];
  const p = parseJson<Record<string, unknown> | null>(s.patient_checkout, null);
  if (p && s.patient_checked_out_at)
    out.push(
      response(
        s,
        'checkOut',
        responseId.checkOut(s.id),
        s.patient_checked_out_at,
        'completed',
        ref('Patient', s.patient_id),
        [
          ...answered('checkOut', 'settled', [bool(p.settled)]),
          ...answered('checkOut', 'side-effects', sideEffectAnswers(p.sideEffects)),
          ...answered('checkOut', 'dissociation', [int(p.dissociation)]),
          ...answered('checkOut', 'experience', [int(p.experience)]),
          ...answered('checkOut', 'dose-left', [bool(p.doseLeft)]),
          ...answered('checkOut', 'remaining-troches', [int(p.remainingTroches)]),
          ...answered('checkOut', 'note', [str(p.note)]),
        ],
      ),
    );
  const t = parseJson<Record<string, unknown> | null>(s.sitter_checkout, null);
  if (t && s.sitter_checked_out_at)
    out.push(
      response(
        s,
        'sitterCheckOut',
        responseId.sitterCheckOut(s.id),
        s.sitter_checked_out_at,
        'completed',
        sitterAuthor(s),
        [
          ...answered('sitterCheckOut', 'settled', [bool(t.settled)]),
          ...answered('sitterCheckOut', 'side-effects', sideEffectAnswers(t.sideEffects)),
          ...answered('sitterCheckOut', 'stayed-whole-session', [bool(t.stayedWholeSession)]),
          ...answered('sitterCheckOut', 'note', [str(t.note)]),
        ],
      ),
    );
  return out;
}
