import { Grid, NumberInput, Select, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { DOSE_LIMIT_KIND_IDS, DOSE_LIMIT_KINDS, DOSE_LIMIT_LEVELS } from '../../../../domain/rules';
import type { RuleSetValues } from './form-values';
import { ProvenanceRow } from './ProvenanceRow';
import { RuleFieldset } from './RuleFieldset';

const LEVEL_OPTIONS = Object.entries(DOSE_LIMIT_LEVELS).map(([value, label]) => ({ value, label }));

/** One per-route dose limit: what it limits, by how much, what happens when an order breaks it, its source. */
export function DoseLimitFields({
  form,
  index,
  onRemove,
}: {
  form: UseFormReturnType<RuleSetValues>;
  index: number;
  onRemove: () => void;
}) {
  const limit = form.values.doseLimits[index];
  if (!limit) return null;
  const path = (field: string) => `doseLimits.${index}.${field}`;
  const info = DOSE_LIMIT_KINDS[limit.kind];
  const name = limit.label.trim() || info.label;
  const kinds = DOSE_LIMIT_KIND_IDS.filter((k) => {
    const only = DOSE_LIMIT_KINDS[k].routes;
    return !only || only.includes(limit.route) || k === limit.kind;
  }).map((k) => ({ value: k, label: DOSE_LIMIT_KINDS[k].label }));
  return (
    <RuleFieldset
      name={name}
      policy={limit.basis === 'policy'}
      data-testid="limit-fields"
      data-limit={limit.id}
    >
      <Grid columns={24} gap="sm">
        <Grid.Col span={{ base: 24, sm: 12, lg: 7 }}>
          <TextInput size="md" label="Name" {...form.getInputProps(path('label'))} />
        </Grid.Col>
        <Grid.Col span={{ base: 24, sm: 12, lg: 6 }}>
          <Select
            size="md"
            label="Limits"
            data={kinds}
            allowDeselect={false}
            {...form.getInputProps(path('kind'))}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 24, sm: 12, lg: 5 }}>
          {limit.kind === 'allowedMg' ? (
            <TextInput
              size="md"
              label="Doses allowed"
              description="In mg, separated by commas"
              {...form.getInputProps(path('values'))}
            />
          ) : (
            <NumberInput
              size="md"
              label="Value"
              description={`At most ${info.max} ${info.unit}`}
              rightSection={
                <Text size="sm" c="dimmed">
                  {info.unit}
                </Text>
              }
              rightSectionWidth={56}
              decimalScale={3}
              clampBehavior="none"
              {...form.getInputProps(path('value'))}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 24, sm: 12, lg: 6 }}>
          <Select
            size="md"
            label="If an order breaks it"
            data={LEVEL_OPTIONS}
            allowDeselect={false}
            {...form.getInputProps(path('level'))}
          />
        </Grid.Col>
      </Grid>
      <ProvenanceRow
        form={form}
        prefix={`doseLimits.${index}`}
        removeLabel={`Remove the limit ${name}`}
        onRemove={onRemove}
      />
    </RuleFieldset>
  );
}
