import type { z } from 'zod';
import { clinicalBody } from '../../../../contracts/patients';
import { classifyMedication } from '../../../../domain/screening/medications';
import { HISTORY_KEYS, type HistoryKey, type MedicationClass } from '../../../../domain/screening/types';
import { zodResolver } from '../../../components/form';
import type { Chart } from '../patient-query';

type Answer = '' | 'yes' | 'no';

/** The intake form as the inputs hold it ('' = not answered yet). */
export interface IntakeValues {
  weightKg: number | string;
  heightCm: number | string;
  pregnancyStatus: string;
  breastfeeding: Answer;
  history: Record<HistoryKey, Answer>;
  plannedRoute: string;
  plannedSetting: string;
  diagnoses: { code: string; display: string }[];
  /** `key` identifies a row on screen only; it is never sent. */
  medications: { key: string; name: string; dose: string; medClass: string }[];
  allergies: { key: string; substance: string; reaction: string }[];
}

const answer = (b: boolean | null | undefined): Answer => (b === true ? 'yes' : b === false ? 'no' : '');

export function intakeValuesOf(c: NonNullable<Chart['clinical']>): IntakeValues {
  const history = Object.fromEntries(HISTORY_KEYS.map((k) => [k, answer(c.history[k])])) as Record<
    HistoryKey,
    Answer
  >;
  return {
    weightKg: c.weightKg ?? '',
    heightCm: c.heightCm ?? '',
    pregnancyStatus: c.pregnancyStatus ?? '',
    breastfeeding: answer(c.breastfeeding),
    history,
    plannedRoute: c.plannedRoute ?? '',
    plannedSetting: c.plannedSetting ?? '',
    diagnoses: c.diagnoses.map((d) => ({ code: d.code, display: d.display })),
    medications: c.medications.map((m) => ({
      key: m.id,
      name: m.name,
      dose: m.dose ?? '',
      medClass: m.medClass ?? '',
    })),
    allergies: c.allergies.map((a) => ({ key: a.id, substance: a.substance, reaction: a.reaction ?? '' })),
  };
}

type Body = z.input<typeof clinicalBody>;
const num = (v: number | string) => (v === '' || v === null ? null : Number(v));

/**
 * Form values → the API body. History answers are sent only once given: the server keeps earlier answers,
 * so "not answered" never overwrites a recorded yes or no.
 */
export function toClinicalBody(v: IntakeValues, version?: number): Body {
  const history: Partial<Record<HistoryKey, boolean>> = {};
  for (const k of HISTORY_KEYS) if (v.history[k]) history[k] = v.history[k] === 'yes';
  return {
    weightKg: num(v.weightKg),
    heightCm: num(v.heightCm),
    pregnancyStatus: (v.pregnancyStatus || null) as Body['pregnancyStatus'],
    breastfeeding: v.breastfeeding === '' ? null : v.breastfeeding === 'yes',
    history,
    plannedRoute: (v.plannedRoute || null) as Body['plannedRoute'],
    plannedSetting: (v.plannedSetting || null) as Body['plannedSetting'],
    diagnoses: v.diagnoses.map((d) => ({ code: d.code.trim().toUpperCase(), display: d.display })),
    medications: v.medications.map((m) => ({
      name: m.name,
      dose: m.dose.trim() || null,
      medClass: (m.medClass || null) as MedicationClass | null,
    })),
    allergies: v.allergies.map((a) => ({ substance: a.substance, reaction: a.reaction.trim() || null })),
    ...(version !== undefined ? { version } : {}),
  };
}

export const validateIntake = (v: IntakeValues) => zodResolver<Body>(clinicalBody)(toClinicalBody(v));

/** The class a medicine is screened under: the one chosen by hand, else the one its name matches. */
export const interactingClassOf = (m: { name: string; medClass: string }): MedicationClass | null =>
  (m.medClass as MedicationClass) || classifyMedication(m.name);
