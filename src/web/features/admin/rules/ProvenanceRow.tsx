import { ActionIcon, Group, Select, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import type { RuleSetValues } from './form-values';

export const BASIS_OPTIONS = [
  { value: 'published', label: 'Published rule' },
  { value: 'policy', label: 'Clinic policy' },
];

/**
 * The last row of a vital-sign rule or a dose limit: where it comes from (basis and source), a note, and the button
 * that removes it. `prefix` is the entry's path in the form ("rules.2", "doseLimits.0").
 */
export function ProvenanceRow({
  form,
  prefix,
  sourceDescription,
  removeLabel,
  onRemove,
}: {
  form: UseFormReturnType<RuleSetValues>;
  prefix: string;
  sourceDescription?: string;
  removeLabel: string;
  onRemove: () => void;
}) {
  return (
    <Group align="flex-start" gap="sm" mt="sm" wrap="wrap">
      <Select
        size="md"
        label="Basis"
        data={BASIS_OPTIONS}
        allowDeselect={false}
        w={180}
        {...form.getInputProps(`${prefix}.basis`)}
      />
      <Textarea
        size="md"
        label="Source"
        description={sourceDescription}
        autosize
        minRows={1}
        maxRows={6}
        style={{ flex: '1 1 320px' }}
        {...form.getInputProps(`${prefix}.source`)}
      />
      <Textarea
        size="md"
        autosize
        minRows={1}
        maxRows={4}
        label="Note (optional)"
        style={{ flex: '1 1 220px' }}
        {...form.getInputProps(`${prefix}.note`)}
      />
      <ActionIcon mt={28} size="lg" variant="subtle" color="red" aria-label={removeLabel} onClick={onRemove}>
        <IconTrash size={20} aria-hidden="true" />
      </ActionIcon>
    </Group>
  );
}
