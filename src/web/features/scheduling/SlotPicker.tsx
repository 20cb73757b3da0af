import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { z } from 'zod';
import type { slot } from '../../../contracts/scheduling';
import { dayLabel, timeLabel, toLocal } from './labels';

export type Slot = z.infer<typeof slot>;

/** Free times grouped by day; one press picks a time (the caller confirms). */
export function SlotPicker({
  slots,
  timezone,
  selected,
  onSelect,
  showClinician = false,
}: {
  slots: Slot[];
  timezone: string;
  selected: Slot | null;
  onSelect: (s: Slot) => void;
  showClinician?: boolean;
}) {
  if (slots.length === 0)
    return <Text c="dimmed">There are no free times in the next two weeks. Please call the clinic.</Text>;
  const days = new Map<string, Slot[]>();
  for (const s of slots) {
    const d = toLocal(s.startsAt, timezone).date;
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  return (
    <Stack gap="md" role="group" aria-label="Free times">
      {[...days.entries()].slice(0, 10).map(([d, list]) => (
        <Stack key={d} gap={6}>
          <Title order={3} size="h5">
            {dayLabel(d, 'long')}
          </Title>
          <Group gap="xs">
            {list.slice(0, 16).map((s) => {
              const on =
                selected?.startsAt === s.startsAt &&
                selected.userId === s.userId &&
                selected.locationId === s.locationId;
              const label = `${timeLabel(toLocal(s.startsAt, timezone).time)}${showClinician ? ` · ${s.clinicianName}` : ''}`;
              return (
                <Button
                  key={`${s.startsAt}-${s.userId}-${s.locationId ?? ''}`}
                  variant={on ? 'filled' : 'default'}
                  aria-pressed={on}
                  onClick={() => onSelect(s)}
                >
                  {label}
                </Button>
              );
            })}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
