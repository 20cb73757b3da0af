import {
  evaluateEligibility,
  HISTORY_KEYS,
  type HistoryKey,
  type ScreeningInput,
  type ScreeningResult,
} from '../../../domain/screening';
import type { PatientRow } from './repository';

/**
 * Builds the screening module's input from the stored record. The module is pure; this is the only
 * translation between the database's shape and the rules'.
 */
export function screeningInputOf(
  p: PatientRow,
  meds: { name: string; med_class: string | null }[],
  today: string,
  latestBp?: { sbp: number; dbp: number; at?: string },
): ScreeningInput {
  const stored = JSON.parse(p.history || '{}') as Record<string, unknown>;
  const history: Partial<Record<HistoryKey, boolean>> = {};
  for (const k of HISTORY_KEYS) if (typeof stored[k] === 'boolean') history[k] = stored[k] as boolean;
  return {
    dateOfBirth: p.date_of_birth,
    evaluationDate: today,
    pregnancyStatus: (p.pregnancy_status ?? undefined) as ScreeningInput['pregnancyStatus'],
    breastfeeding: p.breastfeeding === null ? undefined : p.breastfeeding === 1,
    history,
    medications: meds.map((m) => ({ name: m.name, ...(m.med_class ? { class: m.med_class as never } : {}) })),
    program: {
      setting: (p.planned_setting ?? 'in_clinic') as ScreeningInput['program']['setting'],
      route: (p.planned_route ?? 'im') as ScreeningInput['program']['route'],
    },
    ...(latestBp ? { latestBp } : {}),
  };
}

export function evaluatePatient(
  p: PatientRow,
  meds: { name: string; med_class: string | null }[],
  today: string,
): ScreeningResult {
  const result = evaluateEligibility(screeningInputOf(p, meds, today));
  // Without a planned program the at-home and route rules cannot be judged: say so.
  const missing = [...result.missing];
  if (!p.planned_route) missing.push('plannedRoute');
  if (!p.planned_setting) missing.push('plannedSetting');
  return {
    ...result,
    missing,
    outcome: missing.length && result.outcome === 'eligible' ? 'needs_review' : result.outcome,
  };
}

/** What a decision was made about: if this changes, the decision no longer applies (re-review). */
export function fingerprint(r: ScreeningResult): string {
  return JSON.stringify({
    o: r.outcome,
    r: r.reasons.map((x) => `${x.ruleId}:${x.level}`).sort(),
    m: [...r.missing].sort(),
  });
}
