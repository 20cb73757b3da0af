// A clinic's safety rules as one document the medical director publishes in versions: the vital-sign rules
// (before the dose, during the session, at the at-home check-in) and the per-route dose limits. A session
// keeps the version it started with; the server stores each version unchanged (see the rule-sets feature).

import { z } from 'zod';
import { DEFAULT_DOSE_LIMITS, type DoseLimit } from '../dosing';
import {
  COMPARATOR_WORDS,
  DEFAULT_HOME_CHECK_IN_RULES,
  DEFAULT_VITAL_RULES,
  PHASE_INFO,
  VITAL_INFO,
  type VitalRule,
  vitalRuleSetSchema,
} from '../vitals';
import { DOSE_LIMIT_LEVELS, DOSE_ROUTE_LABELS, describeDoseLimit, doseLimitSetSchema } from './dose-limits';

export interface ClinicRuleSet {
  rules: readonly VitalRule[];
  doseLimits: readonly DoseLimit[];
}

/** The shipped defaults, each with its source: what a new clinic's first version holds. */
export const DEFAULT_RULE_SET: ClinicRuleSet = {
  rules: [...DEFAULT_VITAL_RULES, ...DEFAULT_HOME_CHECK_IN_RULES],
  doseLimits: DEFAULT_DOSE_LIMITS,
};

/** A whole rule set, validated; issues are named by path (`rules.2.value`, `doseLimits.0.source`). */
export const ruleSetSchema = z.object({
  rules: vitalRuleSetSchema,
  doseLimits: doseLimitSetSchema,
});

/** "Systolic BP pre-dose hold": which rule, in words. */
export function vitalRuleName(rule: Pick<VitalRule, 'vital' | 'level' | 'phase'>): string {
  return `${VITAL_INFO[rule.vital].label} ${PHASE_INFO[rule.phase].adjective} ${rule.level}`;
}

/** "above 140 mmHg; re-check in 15 min": what the rule says. */
export function describeVitalRule(rule: VitalRule): string {
  const { unit } = VITAL_INFO[rule.vital];
  return `${COMPARATOR_WORDS[rule.comparator]} ${rule.value} ${unit}; re-check in ${rule.recheckMinutes} min`;
}

const VITAL_FIELDS: Record<string, string> = {
  vital: 'vital sign',
  comparator: 'comparison',
  value: 'threshold',
  level: 'level',
  phase: 'when it applies',
  recheckMinutes: 're-check interval (min)',
  basis: 'basis',
  source: 'source',
  note: 'note',
};
const LIMIT_FIELDS: Record<string, string> = {
  route: 'route',
  kind: 'kind of limit',
  value: 'value',
  values: 'doses',
  level: 'level',
  label: 'name',
  source: 'source',
  clinicPolicy: 'basis',
  note: 'note',
};

export interface RuleFieldChange {
  field: string;
  /** The field in words. */
  label: string;
  from: unknown;
  to: unknown;
}

export interface RuleChange {
  section: 'rules' | 'doseLimits';
  id: string;
  change: 'added' | 'removed' | 'changed';
  /** The rule in words ("Systolic BP pre-dose hold: above 150 mmHg; …"), as it reads after the change. */
  summary: string;
  fields: RuleFieldChange[];
}

function summarise(section: RuleChange['section'], item: VitalRule | DoseLimit): string {
  if (section === 'rules') {
    const r = item as VitalRule;
    return `${vitalRuleName(r)}: ${describeVitalRule(r)}`;
  }
  const l = item as DoseLimit;
  return `${DOSE_ROUTE_LABELS[l.route]}, ${l.label}: ${describeDoseLimit(l)} (${DOSE_LIMIT_LEVELS[l.level].toLowerCase()})`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function diffSection<T extends { id: string }>(
  section: RuleChange['section'],
  before: readonly T[],
  after: readonly T[],
  labels: Record<string, string>,
): RuleChange[] {
  const out: RuleChange[] = [];
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Set(after.map((x) => x.id));
  for (const item of after) {
    const prev = old.get(item.id);
    const rec = item as unknown as Record<string, unknown>;
    if (!prev) {
      out.push({
        section,
        id: item.id,
        change: 'added',
        summary: summarise(section, item as never),
        fields: [],
      });
      continue;
    }
    const p = prev as unknown as Record<string, unknown>;
    const fields = Object.keys(labels)
      .filter((f) => !same(p[f], rec[f]))
      .map((f) => ({ field: f, label: labels[f] ?? f, from: p[f] ?? null, to: rec[f] ?? null }));
    if (fields.length)
      out.push({
        section,
        id: item.id,
        change: 'changed',
        summary: summarise(section, item as never),
        fields,
      });
  }
  for (const item of before) {
    if (!now.has(item.id))
      out.push({
        section,
        id: item.id,
        change: 'removed',
        summary: summarise(section, item as never),
        fields: [],
      });
  }
  return out;
}

/** What publishing `after` over `before` changes: for the confirmation and the audit entry (old and new values). */
export function diffRuleSets(before: ClinicRuleSet, after: ClinicRuleSet): RuleChange[] {
  return [
    ...diffSection('rules', before.rules, after.rules, VITAL_FIELDS),
    ...diffSection('doseLimits', before.doseLimits, after.doseLimits, LIMIT_FIELDS),
  ];
}
