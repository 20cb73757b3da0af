import { NumberInput, Select, SimpleGrid, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { vitalRuleName } from '../../../../domain/rules';
import {
  COMPARATOR_WORDS,
  COMPARATORS,
  THRESHOLD_RANGES,
  VITAL_INFO,
  VITALS,
} from '../../../../domain/vitals';
import type { RuleSetValues } from './form-values';
import { ProvenanceRow } from './ProvenanceRow';
import { RuleFieldset } from './RuleFieldset';

const VITAL_OPTIONS = VITALS.map((v) => ({ value: v, label: VITAL_INFO[v].label }));
const COMPARATOR_OPTIONS = COMPARATORS.map((c) => ({ value: c, label: `${COMPARATOR_WORDS[c]} (${c})` }));
/** One vital-sign rule: what it watches, its threshold and level, its re-check interval, and where it comes from. */
export function VitalRuleFields({
  form,
  index,
  onRemove,
}: {
  form: UseFormReturnType<RuleSetValues>;
  index: number;
  onRemove: () => void;
}) {
  const rule = form.values.rules[index];
  if (!rule) return null;
  const path = (field: string) => `rules.${index}.${field}`;
  const name = vitalRuleName(rule);
  const range = THRESHOLD_RANGES[rule.vital];
  const levelOptions = [
    { value: 'hold', label: 'Hold' },
    { value: 'alert', label: 'Alert' },
  ];
  return (
    <RuleFieldset name={name} policy={rule.basis === 'policy'} data-testid="rule-fields" data-rule={rule.id}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <Select
          size="md"
          label="Vital sign"
          data={VITAL_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps(path('vital'))}
        />
        <Select
          size="md"
          label="Fires when"
          data={COMPARATOR_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps(path('comparator'))}
        />
        <NumberInput
          size="md"
          label="Threshold"
          description={`${range.min}–${range.max} ${VITAL_INFO[rule.vital].unit}`}
          rightSection={
            <Text size="sm" c="dimmed">
              {VITAL_INFO[rule.vital].unit}
            </Text>
          }
          rightSectionWidth={56}
          decimalScale={1}
          clampBehavior="none"
          {...form.getInputProps(path('value'))}
        />
        <Select
          size="md"
          label="Level"
          data={levelOptions}
          allowDeselect={false}
          {...form.getInputProps(path('level'))}
        />
        <NumberInput
          size="md"
          label="Re-check after"
          description="1–480 minutes"
          rightSection={
            <Text size="sm" c="dimmed">
              min
            </Text>
          }
          rightSectionWidth={44}
          allowDecimal={false}
          clampBehavior="none"
          {...form.getInputProps(path('recheckMinutes'))}
        />
      </SimpleGrid>
      <ProvenanceRow
        form={form}
        prefix={`rules.${index}`}
        sourceDescription="Publication, label or clinic decision"
        removeLabel={`Remove the rule ${name}`}
        onRemove={onRemove}
      />
    </RuleFieldset>
  );
}
