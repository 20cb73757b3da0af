import { Badge } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconCalendarTime,
  IconCircleCheck,
  IconClockExclamation,
  IconClockHour4,
  IconProgress,
} from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import type { Assignment } from './measures-query';

export const KIND_LABELS: Record<Assignment['kind'], string> = {
  once: 'One-off',
  intake: 'Intake',
  before_dosing: 'Before dosing',
  weekly: 'Weekly',
  follow_up_1m: '1-month follow-up',
  follow_up_3m: '3-month follow-up',
  follow_up_6m: '6-month follow-up',
};

export const MODE_LABELS: Record<string, string> = {
  portal: 'Patient portal',
  kiosk: 'Clinic tablet',
  staff_entry: 'Paper form, entered by staff',
};

/** Short instrument names for tight places: "PHQ-9" from "Patient Health Questionnaire-9 (PHQ-9)". */
export function shortName(name: string): string {
  const m = /\(([^()]+)\)\s*$/.exec(name);
  return m?.[1] ?? name;
}

/**
 * The state of an assignment in word, icon and colour (UX.md principle 2): amber for due and overdue
 * (needs doing), green when done, grey when upcoming or cancelled. Red is kept for safety alerts.
 */
export function AssignmentStateBadge({ a }: { a: Pick<Assignment, 'status' | 'timing'> }) {
  if (a.status === 'completed')
    return (
      <Badge
        color="green"
        variant="light"
        leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Completed
      </Badge>
    );
  if (a.status === 'cancelled')
    return (
      <Badge
        color="gray"
        variant="light"
        leftSection={<IconBan size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Cancelled
      </Badge>
    );
  if (a.timing === 'overdue')
    return (
      <Badge
        color="orange"
        variant="light"
        leftSection={<IconClockExclamation size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Overdue
      </Badge>
    );
  if (a.timing === 'due')
    return (
      <Badge
        color="yellow"
        variant="light"
        leftSection={<IconClockHour4 size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Due
      </Badge>
    );
  return (
    <Badge
      color="gray"
      variant="light"
      leftSection={<IconCalendarTime size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Upcoming
    </Badge>
  );
}

export function StartedBadge() {
  return (
    <Badge
      color="gray"
      variant="outline"
      leftSection={<IconProgress size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Started
    </Badge>
  );
}

export function UrgentBadge({ level }: { level: 'urgent' | 'emergency' }) {
  return (
    <Badge
      color="red"
      variant="filled"
      leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {level === 'emergency' ? 'Emergency' : 'Urgent'}
    </Badge>
  );
}
