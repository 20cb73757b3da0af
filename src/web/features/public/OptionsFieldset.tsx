import { Checkbox, Fieldset, Radio, Stack, Text } from '@mantine/core';
import { type ReactNode, useId } from 'react';

interface Option {
  value: string;
  label: string;
}

interface BaseProps {
  legend: string;
  description?: string;
  options: readonly Option[];
  error?: ReactNode;
  required?: boolean;
}

/**
 * A real <fieldset>/<legend> around a group of checkboxes or radios, so a screen reader names the group
 * before each option; the group's error is tied to it with aria-describedby.
 */
function Group({
  legend,
  description,
  error,
  required,
  children,
}: Omit<BaseProps, 'options'> & { children: ReactNode }) {
  const id = useId();
  const descId = description ? `${id}-desc` : undefined;
  const errId = error ? `${id}-err` : undefined;
  return (
    <Fieldset
      variant="unstyled"
      aria-describedby={[descId, errId].filter(Boolean).join(' ') || undefined}
      aria-invalid={error ? true : undefined}
      legend={
        <Text component="span" fw={600} size="md">
          {legend}
          {required ? (
            <Text component="span" c="var(--mantine-color-error)" aria-hidden="true">
              {' *'}
            </Text>
          ) : null}
        </Text>
      }
      styles={{ legend: { marginBottom: 4 } }}
    >
      <Stack
        gap="sm"
        pl="md"
        py={4}
        style={{
          borderLeft: `3px solid ${error ? 'var(--mantine-color-error)' : 'var(--mantine-color-default-border)'}`,
        }}
      >
        {description ? (
          <Text size="sm" c="dimmed" id={descId}>
            {description}
          </Text>
        ) : null}
        {children}
        {error ? (
          <Text size="sm" c="var(--mantine-color-error)" id={errId} fw={500}>
            {error}
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

export function CheckboxFieldset({
  value,
  onChange,
  options,
  ...rest
}: BaseProps & { value: string[]; onChange: (next: string[]) => void }) {
  return (
    <Group {...rest}>
      {options.map((o) => (
        <Checkbox
          key={o.value}
          size="md"
          label={o.label}
          value={o.value}
          checked={value.includes(o.value)}
          onChange={(e) =>
            onChange(e.currentTarget.checked ? [...value, o.value] : value.filter((v) => v !== o.value))
          }
        />
      ))}
    </Group>
  );
}

export function RadioFieldset({
  name,
  value,
  onChange,
  options,
  ...rest
}: BaseProps & { name: string; value: string; onChange: (next: string) => void }) {
  return (
    <Group {...rest}>
      {options.map((o) => (
        <Radio
          key={o.value}
          size="md"
          name={name}
          label={o.label}
          value={o.value}
          checked={value === o.value}
          onChange={() => onChange(o.value)}
        />
      ))}
    </Group>
  );
}
