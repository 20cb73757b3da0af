/** Reading the console's entries: live (not corrected) values, plain-words summaries, local rule checks. */

import { SIDE_EFFECT_WORDS } from '../../../contracts/sessions';
import { type AdministrationFacts, administrationText } from '../../../domain/dosing';
import {
  evaluateVitals,
  firedRuleRecord,
  MOAAS_SCALE,
  VITAL_INFO,
  type Vital,
  type VitalValues,
} from '../../../domain/vitals';
import type { Entry, FiredRule, Rule } from './session-query';

export type Vitals = VitalValues;

export const KIND_LABELS: Record<string, string> = {
  vitals: 'Vitals',
  sedation: 'Sedation (MOAA/S)',
  dissociation: 'Dissociation',
  side_effect: 'Side effect',
  intervention: 'Intervention',
  adverse_event: 'Adverse event',
  observation: 'Observation',
  administration: 'Administration',
};

/** A kind inside a sentence ("Record sedation (MOAA/S)"): only the first letter lowered, acronyms kept. */
export const kindPhrase = (kind: string): string => {
  const label = KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
  return label.charAt(0).toLowerCase() + label.slice(1);
};

export const sideEffectLabel = (e: string) => SIDE_EFFECT_WORDS[e as keyof typeof SIDE_EFFECT_WORDS] ?? e;
export const SIDE_EFFECT_OPTIONS = Object.entries(SIDE_EFFECT_WORDS).map(([value, label]) => ({
  value,
  label,
}));

export const moaasText = (score: number) =>
  `${score} — ${MOAAS_SCALE.find((l) => l.score === score)?.description ?? ''}`;

export const vitalsOf = (e: Pick<Entry, 'data'>): Vitals => (e.data.vitals ?? {}) as Vitals;

/** Vital-sign entries in time order, without those replaced by a correction. */
export function liveVitals(entries: Entry[]): Entry[] {
  return entries
    .filter((e) => e.kind === 'vitals' && !e.correctedBy)
    .sort((a, b) => a.at.localeCompare(b.at));
}

export function latestOf(entries: Entry[], kind: string): Entry | undefined {
  return entries
    .filter((e) => e.kind === kind && !e.correctedBy)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
}

/** "BP 128/82 · HR 76 · SpO2 98 % · RR 14" */
export function vitalsText(v: Vitals): string {
  const parts: string[] = [];
  if (v.sbp !== undefined || v.dbp !== undefined) parts.push(`BP ${v.sbp ?? '—'}/${v.dbp ?? '—'}`);
  if (v.hr !== undefined) parts.push(`HR ${v.hr}`);
  if (v.spo2 !== undefined) parts.push(`SpO2 ${v.spo2} %`);
  if (v.rr !== undefined) parts.push(`RR ${v.rr}`);
  return parts.join(' · ') || 'No values';
}

/** One line for the timeline (`route`: the session's, which words an administration). */
export function entrySummary(kind: string, d: Record<string, unknown>, route = ''): string {
  switch (kind) {
    case 'vitals':
      return vitalsText((d.vitals ?? {}) as Vitals);
    case 'sedation':
      return `MOAA/S ${moaasText(Number(d.moaas))}`;
    case 'dissociation':
      return `Level: ${String(d.level)}`;
    case 'side_effect':
      return `${sideEffectLabel(String(d.effect))}, ${String(d.severity)}${d.note ? ` — ${String(d.note)}` : ''}`;
    case 'intervention':
      return String(d.what ?? '');
    case 'adverse_event':
      return `${String(d.description)} (${String(d.severity).replace('_', '-')}; ${String(d.outcome)})`;
    case 'observation':
      return String(d.text ?? '');
    case 'administration':
      // Worded by the session's route: one function for the console, the timeline and the printed record.
      return administrationText(route, d as unknown as AdministrationFacts);
    default:
      return JSON.stringify(d);
  }
}

export const ruleFor = (rules: Rule[], ruleId: string) => rules.find((r) => r.id === ruleId);

const UNIT = (v: string) => VITAL_INFO[v as Vital]?.unit ?? '';
export const vitalLabel = (v: string) => VITAL_INFO[v as Vital]?.label ?? v;

/** "> 140 mmHg" */
export function thresholdText(rule: Pick<Rule, 'comparator' | 'value' | 'vital'>): string {
  return `${rule.comparator} ${rule.value} ${UNIT(rule.vital)}`.trim();
}

/**
 * The clinic's rules checked on this device, the moment a value is typed: the same domain function the server
 * runs on save, worded the same (the server's answer is the record; this only warns early, and keeps warning
 * offline).
 */
export function localAlerts(v: Vitals, phase: 'pre_dose' | 'in_session', rules: Rule[]): FiredRule[] {
  return evaluateVitals({ ...v, at: '' }, phase, rules).map(firedRuleRecord);
}
