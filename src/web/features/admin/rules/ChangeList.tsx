import { List, Text } from '@mantine/core';
import {
  DOSE_LIMIT_KINDS,
  DOSE_LIMIT_LEVELS,
  DOSE_ROUTE_LABELS,
  type DoseLimitKind,
  type DoseRoute,
  type RuleChange,
} from '../../../../domain/rules';
import {
  COMPARATOR_WORDS,
  type Comparator,
  PHASE_INFO,
  VITAL_INFO,
  type Vital,
  type VitalPhase,
} from '../../../../domain/vitals';

const BASIS_WORDS: Record<string, string> = { published: 'Published rule', policy: 'Clinic policy' };

/** A changed field's old or new value in words ("Clinic policy", "above", "IV infusion"), never a code. */
function show(c: RuleChange, field: string, x: unknown): string {
  if (x === null || x === undefined || x === '') return '(none)';
  const text = String(x);
  if (c.section === 'rules') {
    if (field === 'vital') return VITAL_INFO[text as Vital]?.label ?? text;
    if (field === 'comparator') return COMPARATOR_WORDS[text as Comparator] ?? text;
    if (field === 'phase') return PHASE_INFO[text as VitalPhase]?.title ?? text;
    if (field === 'basis') return BASIS_WORDS[text] ?? text;
    return text;
  }
  if (field === 'clinicPolicy') return x ? 'Clinic policy' : 'Published rule';
  if (field === 'route') return DOSE_ROUTE_LABELS[text as DoseRoute] ?? text;
  if (field === 'kind') return DOSE_LIMIT_KINDS[text as DoseLimitKind]?.label ?? text;
  if (field === 'level') return DOSE_LIMIT_LEVELS[text as 'error'] ?? text;
  if (Array.isArray(x)) return x.join(' or ');
  return text;
}
const CHANGE_WORDS: Record<RuleChange['change'], string> = {
  added: 'New',
  removed: 'Removed',
  changed: 'Changed',
};

export function ChangeList({ changes }: { changes: RuleChange[] }) {
  return (
    <List spacing="xs" size="sm" data-testid="rule-changes">
      {changes.map((c) => (
        <List.Item key={`${c.section}-${c.id}`}>
          <Text span fw={600}>
            {CHANGE_WORDS[c.change]}:
          </Text>{' '}
          {c.summary}
          {c.fields.length ? (
            <List size="sm" withPadding>
              {c.fields.map((f) => (
                <List.Item key={f.field}>
                  {f.label}: {show(c, f.field, f.from)} → {show(c, f.field, f.to)}
                </List.Item>
              ))}
            </List>
          ) : null}
        </List.Item>
      ))}
    </List>
  );
}
