/**
 * The safety-rules form's values and their conversion to the publish body. Numbers stay as typed ('' while
 * empty) so a failed check never loses what was entered; the body names fields exactly as the form does
 * (`rules.2.value`), so the server's field errors land on the same inputs.
 */
import type { FormErrors } from '@mantine/form';
import type { PublishRuleSetBody, RuleSetView } from '../../../../contracts/rules';
import type { DoseLimit } from '../../../../domain/dosing';
import type { DoseLimitKind, DoseRoute } from '../../../../domain/rules';
import type { Comparator, Vital, VitalPhase, VitalRule, VitalRuleLevel } from '../../../../domain/vitals';

export interface RuleRow {
  id: string;
  vital: Vital;
  comparator: Comparator;
  value: number | string;
  level: VitalRuleLevel;
  phase: VitalPhase;
  recheckMinutes: number | string;
  basis: 'published' | 'policy';
  source: string;
  note: string;
}

export interface LimitRow {
  id: string;
  route: DoseRoute;
  kind: DoseLimitKind;
  value: number | string;
  /** allowedMg only: the doses as typed, "56, 84". */
  values: string;
  level: 'error' | 'warning';
  label: string;
  source: string;
  basis: 'published' | 'policy';
  note: string;
}

export interface RuleSetValues {
  rules: RuleRow[];
  doseLimits: LimitRow[];
  note: string;
}

const toRuleRow = (r: VitalRule): RuleRow => ({ ...r, note: r.note ?? '' });

const toLimitRow = (l: DoseLimit): LimitRow => ({
  id: l.id,
  route: l.route,
  kind: l.kind,
  value: l.kind === 'allowedMg' ? '' : l.value,
  values: l.kind === 'allowedMg' ? l.values.join(', ') : '',
  level: l.level,
  label: l.label,
  source: l.source,
  basis: l.clinicPolicy ? 'policy' : 'published',
  note: l.note ?? '',
});

export const toValues = (set: RuleSetView): RuleSetValues => ({
  rules: set.rules.map(toRuleRow),
  doseLimits: set.doseLimits.map(toLimitRow),
  note: '',
});

/** '' → undefined (the check then says "enter a number"); anything else as a number. */
const num = (x: number | string): number | undefined =>
  typeof x === 'number' ? x : x.trim() === '' ? undefined : Number(x);

const optional = (text: string) => (text.trim() ? { note: text.trim() } : {});

export function toBody(v: RuleSetValues, basedOnVersion: number): PublishRuleSetBody {
  return {
    basedOnVersion,
    note: v.note,
    rules: v.rules.map((r) => ({
      id: r.id,
      vital: r.vital,
      comparator: r.comparator,
      value: num(r.value) as number,
      level: r.level,
      phase: r.phase,
      recheckMinutes: num(r.recheckMinutes) as number,
      basis: r.basis,
      source: r.source,
      ...optional(r.note),
    })),
    doseLimits: v.doseLimits.map((l) => {
      const common = {
        id: l.id,
        route: l.route,
        level: l.level,
        label: l.label,
        source: l.source,
        clinicPolicy: l.basis === 'policy',
        ...optional(l.note),
      };
      if (l.kind === 'allowedMg') {
        const values = l.values
          .split(/[\s,;]+/)
          .filter((x) => x !== '' && x.toLowerCase() !== 'or')
          .map((x) => Number(x));
        return { ...common, kind: 'allowedMg' as const, values };
      }
      return { ...common, kind: l.kind, value: num(l.value) as number };
    }) as PublishRuleSetBody['doseLimits'],
  };
}

/** The body as the server would store it, for comparing with the current version (what will change). */
export const asRuleSet = (v: RuleSetValues) => {
  const body = toBody(v, 1);
  return { rules: body.rules as VitalRule[], doseLimits: body.doseLimits as DoseLimit[] };
};

/** A list's entries (`doseLimits.3.values.1`) are shown on the list's one input. */
export function toFormErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const k = key.replace(/^(doseLimits\.\d+\.values)\.\d+$/, '$1');
    out[k] ??= message;
  }
  return out;
}

const suffix = () => Math.random().toString(36).slice(2, 10);

export function newRule(phase: VitalPhase): RuleRow {
  return {
    id: `clinic_${suffix()}`,
    vital: 'sbp',
    comparator: '>',
    value: '',
    level: phase === 'in_session' ? 'alert' : 'hold',
    phase,
    recheckMinutes: phase === 'pre_dose' ? 15 : 5,
    basis: 'policy',
    source: 'Clinic policy',
    note: '',
  };
}

export function newLimit(route: DoseRoute): LimitRow {
  return {
    id: `clinic-${suffix()}`,
    route,
    kind: route === 'sublingual' || route === 'intranasal' ? 'maxMg' : 'maxMgPerKg',
    value: '',
    values: '',
    level: 'error',
    label: '',
    source: 'Clinic policy',
    basis: 'policy',
    note: '',
  };
}
