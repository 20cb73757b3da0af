import { Button, Checkbox, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { addDays, dayLabel, todayIn, weekStart } from '../labels';
import type { Resources } from '../scheduling-query';

/** The calendar's controls: today, previous and next, day or week, and what to show it by. */
export function Toolbar({
  res,
  view,
  date,
  by,
  id,
  includeCancelled,
  set,
}: {
  res: Resources;
  view: 'day' | 'week';
  date: string;
  by: 'site' | 'room' | 'clinician';
  id: string;
  includeCancelled: boolean;
  set: (patch: Record<string, string | null>) => void;
}) {
  const step = view === 'week' ? 7 : 1;
  const sites = res.locations.filter((l) => l.active);
  const options =
    by === 'site'
      ? sites.map((l) => ({ value: l.id, label: l.name }))
      : by === 'room'
        ? sites.flatMap((l) =>
            l.rooms.filter((r) => r.active).map((r) => ({ value: r.id, label: `${r.name} — ${l.name}` })),
          )
        : res.clinicians.map((c) => ({ value: c.id, label: c.name }));
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="xs" wrap="wrap">
        <Button variant="default" onClick={() => set({ date: todayIn(res.timezone) })}>
          Today
        </Button>
        <Button
          variant="default"
          aria-label={view === 'week' ? 'Previous week' : 'Previous day'}
          onClick={() => set({ date: addDays(date, -step) })}
          px="xs"
        >
          <IconChevronLeft size={18} aria-hidden="true" />
        </Button>
        <Button
          variant="default"
          aria-label={view === 'week' ? 'Next week' : 'Next day'}
          onClick={() => set({ date: addDays(date, step) })}
          px="xs"
        >
          <IconChevronRight size={18} aria-hidden="true" />
        </Button>
        <Text fw={600} aria-live="polite" data-testid="calendar-range">
          {view === 'week' ? `Week of ${dayLabel(weekStart(date), 'long')}` : dayLabel(date, 'long')}
        </Text>
      </Group>
      <Group gap="xs" wrap="wrap">
        <SegmentedControl
          aria-label="Day or week"
          value={view}
          onChange={(v) => set({ view: v })}
          data={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
          ]}
        />
        <SegmentedControl
          aria-label="Show by"
          value={by}
          onChange={(v) => set({ by: v, id: null })}
          data={[
            { value: 'site', label: 'Site' },
            { value: 'room', label: 'Room' },
            { value: 'clinician', label: 'Clinician' },
          ]}
        />
        <Select
          aria-label={by === 'site' ? 'Site' : by === 'room' ? 'Room or chair' : 'Clinician'}
          data={options}
          value={id || null}
          onChange={(v) => set({ id: v })}
          allowDeselect={false}
          searchable
          w={240}
        />
        <Checkbox
          label="Show cancelled"
          checked={includeCancelled}
          onChange={(e) => set({ cancelled: e.currentTarget.checked ? '1' : null })}
        />
      </Group>
    </Group>
  );
}
