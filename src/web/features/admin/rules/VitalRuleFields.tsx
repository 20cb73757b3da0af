import { ActionIcon, Fieldset, Group, NumberInput, Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { vitalRuleName } from '../../../../domain/rules';
import { COMPARATOR_WORDS, COMPARATORS, THRESHOLD_RANGES, VITAL_INFO, VITALS } from '../../../../domain/vitals';
import { BasisBadge } from '../../../components/BasisBadge';
import type { RuleSetValues } from './form-values';

const VITAL_OPTIONS = VITALS.map((v) => ({ value: v, label: VITAL_INFO[v].label }));
const COMPARATOR_OPTIONS = COMPARATORS.map((c) => ({ value: c, label: `${COMPARATOR_WORDS[c]} (${c})` }));
export const BASIS_OPTIONS = [
  { value: 'published', label: 'Published rule' },
  { value: 'policy', label: 'Clinic policy' },
];

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
  const levelOptions =
    rule.phase === 'home_check_in'
      ? [
          { value: 'hold', label: 'Hold: do not take the dose yet' },
          { value: 'alert', label: 'Alert: tell the care team' },
        ]
      : [
          { value: 'hold', label: 'Hold: do not dose' },
          { value: 'alert', label: 'Alert: notify the prescriber' },
        ];
  return (
    <Fieldset
      legend={
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{name}</Text>
          <BasisBadge policy={rule.basis === 'policy'} size="sm" />
        </Group>
      }
      aria-label={name}
      radius="md"
      data-testid="rule-fields"
      data-rule={rule.id}
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <Select label="Vital sign" data={VITAL_OPTIONS} allowDeselect={false} {...form.getInputProps(path('vital'))} />
        <Select
          label="Fires when the value is"
          data={COMPARATOR_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps(path('comparator'))}
        />
        <NumberInput
          label="Threshold"
          description={`${range.min}–${range.max} ${VITAL_INFO[rule.vital].unit}`}
          rightSection={<Text size="sm" c="dimmed">{VITAL_INFO[rule.vital].unit}</Text>}
          rightSectionWidth={56}
          decimalScale={1}
          clampBehavior="none"
          {...form.getInputProps(path('value'))}
        />
        <Select label="Level" data={levelOptions} allowDeselect={false} {...form.getInputProps(path('level'))} />
        <NumberInput
          label="Re-check after"
          description="1–480 minutes"
          rightSection={<Text size="sm" c="dimmed">min</Text>}
          rightSectionWidth={44}
          allowDecimal={false}
          clampBehavior="none"
          {...form.getInputProps(path('recheckMinutes'))}
        />
      </SimpleGrid>
      <Group align="flex-start" gap="sm" mt="sm" wrap="wrap">
        <Select
          label="Basis"
          data={BASIS_OPTIONS}
          allowDeselect={false}
          w={180}
          {...form.getInputProps(path('basis'))}
        />
        <Textarea
          label="Source"
          description="The publication, label or clinic decision behind the threshold"
          autosize
          minRows={1}
          maxRows={4}
          style={{ flex: '1 1 320px' }}
          {...form.getInputProps(path('source'))}
        />
        <TextInput
          label="Note (optional)"
          style={{ flex: '1 1 220px' }}
          {...form.getInputProps(path('note'))}
        />
        <ActionIcon
          mt={28}
          size="lg"
          variant="subtle"
          color="red"
          aria-label={`Remove the rule ${name}`}
          onClick={onRemove}
        >
          <IconTrash size={20} aria-hidden="true" />
        </ActionIcon>
      </Group>
    </Fieldset>
  );
}
