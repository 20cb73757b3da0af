// Liminal's own end-of-session ratings (DOMAIN.md §9 "In-session experience"): a short acute-experience rating
// and a short dissociation rating, each item 0–10, rated by the patient as the session ends (in clinic on the
// dosing console, at home at check-out). Written for the project and NOT validated: they give the outcomes
// dashboard an experience axis out of the box. They are process measures, so they carry no response or
// remission rule and no safety flag; their bands only describe where a total falls in its range.
//
// The validated instruments for the same purpose (MEQ-30, EBI, CADSS, 5D-ASC, Challenging Experience
// Questionnaire) are licensed or held by their authors and reach a clinic only through the licensed import
// (import.ts); README "In-session experience ratings" lists their sources.

import type { AnswerOptionSet, InstrumentDefinition } from './types';

const LIMINAL_LICENCE =
  'Written for Liminal and free to use, copy and change under the project’s licence (AGPL-3.0-or-later). ' +
  'NOT VALIDATED: no study has tested its reliability or validity, so a total describes one session as the ' +
  'patient rated it and is not a clinical measurement. For a validated measure, import a licensed one.';

const LIMINAL_SOURCE =
  'Liminal project (2026): end-of-session rating written for the project after DOMAIN.md §9; not validated';

const BAND_SOURCE =
  'Equal thirds of the score range, chosen by the Liminal project for display only; no validated cut-points ' +
  'exist for this rating';

/** 0 = not at all … 10 = extremely, as plain integers (FHIR valueInteger). */
export const ZERO_TO_TEN: AnswerOptionSet = {
  id: 'liminal-0-10',
  fhirType: 'integer',
  options: Array.from({ length: 11 }, (_, value) => ({
    value,
    label: value === 0 ? '0 – not at all' : value === 10 ? '10 – extremely' : String(value),
  })),
};

const INSTRUCTIONS =
  'Thinking about the session you have just had, rate each question from 0 (not at all) to 10 (extremely).';

const EXPERIENCE_ITEMS = [
  ['intensity', 'How strong were the effects of the medicine overall?'],
  ['insight', 'How much did you understand something new about yourself, your feelings or your life?'],
  ['release', 'How much did you feel an emotional release or a breakthrough?'],
  ['connection', 'How connected did you feel, to yourself, to other people or to something larger?'],
  ['difficulty', 'How difficult, frightening or uncomfortable was the experience?'],
] as const;

const expId = (key: string) => `lxr-${key}`;

/**
 * Liminal Acute Experience Rating: 5 items, total 0–50. Subscales: intensity (item 1), insight and connection
 * (items 2–4, 0–30) and difficulty (item 5). The total is the overall strength of the experience as rated;
 * the subscales keep insight apart from difficulty, which a sum alone would mix.
 */
export const LIMINAL_EXPERIENCE: InstrumentDefinition = {
  id: 'lxr',
  name: 'Liminal acute experience rating (not validated)',
  version: '1.0.0',
  origin: 'shipped',
  licence: LIMINAL_LICENCE,
  source: LIMINAL_SOURCE,
  recallPeriod: 'this session',
  instructions: INSTRUCTIONS,
  answerSets: [ZERO_TO_TEN],
  items: EXPERIENCE_ITEMS.map(([key, text]) => ({ linkId: expId(key), text, answerSet: ZERO_TO_TEN.id })),
  scoring: {
    version: '1',
    kind: 'sum',
    items: EXPERIENCE_ITEMS.map(([key]) => expId(key)),
    subscales: [
      { id: 'intensity', name: 'Intensity', items: [expId('intensity')] },
      {
        id: 'insight',
        name: 'Insight and connection',
        items: [expId('insight'), expId('release'), expId('connection')],
      },
      { id: 'difficulty', name: 'Difficulty', items: [expId('difficulty')] },
    ],
    bands: [
      { min: 0, max: 16, label: 'Mild experience', severity: 0 },
      { min: 17, max: 33, label: 'Moderate experience', severity: 1 },
      { min: 34, max: 50, label: 'Strong experience', severity: 2 },
    ],
    bandSource: BAND_SOURCE,
  },
};

const DISSOCIATION_ITEMS = [
  ['body', 'How detached did you feel from your body?'],
  ['time', 'How much did time seem to speed up, slow down or stand still?'],
  ['unreal', 'How unreal or dream-like did the things around you seem?'],
  ['self', 'How far away did you feel from your own thoughts and feelings?'],
] as const;

const disId = (key: string) => `lds-${key}`;

/** Liminal Dissociation Rating: 4 items, total 0–40, no subscales. */
export const LIMINAL_DISSOCIATION: InstrumentDefinition = {
  id: 'lds',
  name: 'Liminal dissociation rating (not validated)',
  version: '1.0.0',
  origin: 'shipped',
  licence: LIMINAL_LICENCE,
  source: LIMINAL_SOURCE,
  recallPeriod: 'this session',
  instructions: INSTRUCTIONS,
  answerSets: [ZERO_TO_TEN],
  items: DISSOCIATION_ITEMS.map(([key, text]) => ({ linkId: disId(key), text, answerSet: ZERO_TO_TEN.id })),
  scoring: {
    version: '1',
    kind: 'sum',
    items: DISSOCIATION_ITEMS.map(([key]) => disId(key)),
    bands: [
      { min: 0, max: 13, label: 'Little dissociation', severity: 0 },
      { min: 14, max: 26, label: 'Moderate dissociation', severity: 1 },
      { min: 27, max: 40, label: 'Strong dissociation', severity: 2 },
    ],
    bandSource: BAND_SOURCE,
  },
};

/** The ratings asked at the end of a session, in the order they are shown. */
export const SESSION_RATING_INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze([
  LIMINAL_EXPERIENCE,
  LIMINAL_DISSOCIATION,
]);

export type SessionRatingId = 'lxr' | 'lds';

/** True for an instrument rated on a session (not assigned on a schedule). */
export const isSessionRating = (id: string): id is SessionRatingId => id === 'lxr' || id === 'lds';
