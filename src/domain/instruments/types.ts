// Types for measurement-based care instruments (DOMAIN.md §4).
//
// An instrument is described entirely by data: its items, answer options and a declarative scoring
// definition. Scoring, FHIR rendering and import validation all read the same structure, so a shipped
// instrument and a clinic-imported one go through exactly the same code path.

import type { Questionnaire } from '@medplum/fhirtypes';

export type LinkId = string;

/** A clinical default (threshold, band, rule) plus the citation it comes from. */
export type Sourced<T> = T & { source: string };

/** A code in an external system (LOINC answer codes, for example). */
export interface CodeRef {
  system: string;
  code: string;
  display?: string;
}

export interface AnswerOption {
  /** The number this answer contributes to a score (FHIR ordinalValue). Always an integer. */
  value: number;
  /** The published answer wording. */
  label: string;
  /** A standard code for the answer where one is known with confidence (LOINC LA codes). */
  code?: CodeRef;
}

export interface AnswerOptionSet {
  id: string;
  options: AnswerOption[];
  /**
   * How answers appear in FHIR: as a Coding (default, carrying an ordinalValue) or, for imported
   * questionnaires whose options are plain integers, as valueInteger.
   */
  fhirType?: 'coding' | 'integer';
  /**
   * Yes/no sets: `true` is accepted as an answer and means value 1, `false` means value 0.
   * A set with this flag must contain options valued 0 and 1.
   */
  acceptsBoolean?: boolean;
}

/** "Show this item only when any of these items was answered with this value" (ASQ item 5). */
export interface EnableWhen {
  anyOf: LinkId[];
  equals: number;
}

export interface InstrumentItem {
  linkId: LinkId;
  /** The published wording of the item. */
  text: string;
  /** Id of an entry in `InstrumentDefinition.answerSets`. */
  answerSet: string;
  /** LOINC code of the item, only where known with confidence. */
  loinc?: string;
  /**
   * Whether an answer is needed for the response to be complete. Defaults to true. Scored items are
   * always needed, whatever this says: a total over missing answers would understate severity.
   */
  required?: boolean;
  enableWhen?: EnableWhen;
  /** Linkids of enclosing FHIR groups, outermost first (imported questionnaires only). */
  groupPath?: LinkId[];
}

export interface SeverityBand {
  /** Inclusive bounds on the total score. */
  min: number;
  max: number;
  label: string;
  /** 0 = least severe; must not decrease as scores rise. */
  severity: number;
}

export interface Subscale {
  id: string;
  name: string;
  items: LinkId[];
}

/**
 * How a follow-up total relates to a baseline. Drops are improvements because every shipped
 * instrument scores higher for more symptoms.
 */
export type ChangeRule =
  | { kind: 'percentDrop'; threshold: number }
  | { kind: 'absoluteDrop'; value: number }
  | { kind: 'below'; value: number }
  | { kind: 'atOrBelow'; value: number };

export interface Cutoff {
  id: string;
  label: string;
  /** Met when total >= atLeast. */
  atLeast: number;
  source: string;
}

/**
 * Flag levels. `urgent` creates an urgent clinician task and blocks at-home dosing (DOMAIN.md §4
 * safety triggers); `emergency` is for findings that need same-visit evaluation before the patient
 * leaves (ASQ acute positive).
 */
export type FlagLevel = 'info' | 'urgent' | 'emergency';

export interface FlagCondition {
  /** The flag fires when any of these items has a raw answer value >= atLeast. */
  anyOf: LinkId[];
  atLeast: number;
  /**
   * Also fire when one of these (enabled) items is left unanswered. The ASQ instructions treat a
   * refusal to answer as a positive screen.
   */
  unansweredCounts?: boolean;
}

export interface FlagRule {
  code: string;
  level: FlagLevel;
  message: string;
  source: string;
  when: FlagCondition;
}

export interface ScoringDefinition {
  /** Bumped whenever the algorithm or a threshold changes, and stored with every score. */
  version: string;
  kind: 'sum';
  items: LinkId[];
  /** Items scored as (lowest option + highest option - answer). None of the shipped ones. */
  reverseItems?: LinkId[];
  subscales?: Subscale[];
  /** Contiguous, non-overlapping bands that cover every possible total. */
  bands: SeverityBand[];
  bandSource: string;
  response?: Sourced<ChangeRule>;
  remission?: Sourced<ChangeRule>;
  cutoffs?: Cutoff[];
  flags?: FlagRule[];
}

export interface LicenceAttestation {
  attestedBy: string;
  text: string;
}

export interface InstrumentDefinition {
  /** Stable short id, e.g. 'phq9'. */
  id: string;
  name: string;
  version: string;
  origin: 'shipped' | 'imported';
  /** Who owns the instrument and why we may implement it (or, for imports, the copyright line). */
  licence: string;
  /** Required for imported instruments: the clinic's statement that it holds a licence. */
  attestation?: LicenceAttestation;
  /** Citation for the instrument itself. */
  source: string;
  recallPeriod?: string;
  /** The stem shown above the items ("Over the last 2 weeks, how often ..."). */
  instructions?: string;
  answerSets: AnswerOptionSet[];
  items: InstrumentItem[];
  loinc?: { panel?: CodeRef; total?: CodeRef };
  /** Canonical URL of the questionnaire, when the instrument arrived with one. */
  url?: string;
  /** Imported instruments keep the clinic's questionnaire verbatim so it renders exactly as licensed. */
  sourceQuestionnaire?: Questionnaire;
  scoring: ScoringDefinition;
}

/** Answers keyed by linkId: a number (option value), a boolean for yes/no items, null = unanswered. */
export type Answers = Record<LinkId, number | boolean | null | undefined>;

export interface AnswerError {
  linkId: LinkId;
  message: string;
}

export interface RaisedFlag {
  code: string;
  level: FlagLevel;
  message: string;
  source: string;
}

export interface ScoreSuccess {
  ok: true;
  /** Null when a scored item is unanswered: we do not prorate (no shipped source defines it). */
  total: number | null;
  /** Per subscale id; null when one of its items is unanswered. */
  subscales: Record<string, number | null>;
  band: { label: string; severity: number } | null;
  cutoffs: { id: string; label: string; met: boolean }[];
  /** Evaluated even on incomplete responses: a safety answer must never wait for the rest. */
  flags: RaisedFlag[];
  complete: boolean;
  missing: LinkId[];
  scoringVersion: string;
}

export interface ScoreFailure {
  ok: false;
  errors: AnswerError[];
}

export type ScoreResult = ScoreSuccess | ScoreFailure;

export interface BaselineComparison {
  /** current - baseline: negative means fewer symptoms. */
  change: number;
  /** change as a percentage of baseline; null when baseline is 0. */
  percentChange: number | null;
  /** Null when the instrument defines no response rule. */
  response: boolean | null;
  /** Null when the instrument defines no remission rule. */
  remission: boolean | null;
}

/** A problem found in a definition or an import, with a dotted path to the offending field. */
export interface ValidationIssue {
  path: string;
  message: string;
}
