// Public API of the measurement-based-care domain module (pure: no I/O, no server or web imports).

export {
  ANSWER_URN_PREFIX,
  LOINC,
  OBSERVATION_CATEGORY,
  ORDINAL_VALUE,
  QUESTIONNAIRE_URN_PREFIX,
} from './codes';
export {
  isSessionRating,
  LIMINAL_DISSOCIATION,
  LIMINAL_EXPERIENCE,
  SESSION_RATING_INSTRUMENTS,
  type SessionRatingId,
} from './experience';
export {
  answerCoding,
  questionnaireCanonical,
  questionnaireUrl,
  type ResponseInput,
  type ScoreObservationInput,
  toQuestionnaire,
  toQuestionnaireResponse,
  toScoreObservation,
} from './fhir';
export { type ImportResult, importInstrument } from './import';
export { type ImportInput, importInputSchema, scoringSchema } from './importSchema';
export {
  ASQ,
  GAD7,
  getInstrument,
  PCL5,
  PHQ9,
  SHIPPED_INSTRUMENTS,
  type ShippedInstrumentId,
} from './library';
export {
  compareToBaseline,
  findBand,
  isEnabled,
  normaliseAnswers,
  ruleHolds,
  scoreRange,
  scoreResponse,
  scoringVersionOf,
} from './scoring';
export type * from './types';
export { validateDefinition, validateItems, validateScoring } from './validate';
