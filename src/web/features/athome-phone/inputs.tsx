import { Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { useId } from 'react';

const SCALE = Array.from({ length: 11 }, (_, n) => n);

/**
 * A 0–10 rating as eleven large radio tiles (two rows on a phone), with what the ends mean written under
 * it: a choice to tap, never a slider to drag, and no answer until one is chosen.
 */
export function ScaleInput({
  label,
  description,
  low,
  high,
  value,
  onChange,
  error,
  name,
}: {
  label: string;
  description?: string;
  low: string;
  high: string;
  value: number | null;
  onChange: (v: number) => void;
  error?: string | null;
  name: string;
}) {
  const id = useId();
  return (
    <Radio.Group
      name={name}
      label={label}
      description={description}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(Number(v))}
      error={error ?? undefined}
      labelProps={{ fw: 600, size: 'md', id: `${id}-label` }}
      data-testid={`scale-${name}`}
    >
      <SimpleGrid cols={{ base: 6, xs: 11 }} spacing={6} mt="xs">
        {SCALE.map((n) => (
          <Radio.Card
            key={n}
            value={String(n)}
            radius="md"
            h={48}
            aria-label={n === 0 ? `0 (${low})` : n === 10 ? `10 (${high})` : String(n)}
            className="answer-card"
            style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}
          >
            <Text fw={600} size="lg">
              {n}
            </Text>
          </Radio.Card>
        ))}
      </SimpleGrid>
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          0 = {low}
        </Text>
        <Text size="sm" c="dimmed" ta="right">
          10 = {high}
        </Text>
      </Group>
    </Radio.Group>
  );
}

/** A yes / no question as two large tiles side by side. */
export function YesNo({
  label,
  value,
  onChange,
  error,
  name,
  yes = 'Yes',
  no = 'No',
}: {
  label: string;
  value: boolean | null;
  onChange: (v: boolean) => void;
  error?: string | null;
  name: string;
  yes?: string;
  no?: string;
}) {
  return (
    <Radio.Group
      name={name}
      label={label}
      value={value === null ? null : value ? 'yes' : 'no'}
      onChange={(v) => onChange(v === 'yes')}
      error={error ?? undefined}
      labelProps={{ fw: 500, size: 'md', style: { lineHeight: 1.4 } }}
      data-testid={`yes-no-${name}`}
    >
      <SimpleGrid cols={2} spacing="xs" mt="xs">
        {(
          [
            ['yes', yes],
            ['no', no],
          ] as const
        ).map(([v, words]) => (
          <Radio.Card key={v} value={v} radius="md" px="md" py="sm" mih={48} className="answer-card">
            <Group wrap="nowrap" gap="sm">
              <Radio.Indicator size="md" />
              <Text size="lg" fw={500}>
                {words}
              </Text>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
