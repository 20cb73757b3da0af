import { Badge } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconCircleCheck,
  IconClipboardList,
  IconHelpCircle,
  IconInbox,
  IconPlayerPlay,
  IconRepeat,
  IconUserOff,
} from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import { PATIENT_STATUS_LABELS } from './labels';

const STATUS_ICON = {
  enquiry: IconInbox,
  intake: IconClipboardList,
  active: IconPlayerPlay,
  maintenance: IconRepeat,
  discharged: IconUserOff,
} as const;

/** Where the patient is in their care: a workflow state, so neutral colours (red/amber/green mean safety). */
export function PatientStatusBadge({ status }: { status: string }) {
  const Icon = STATUS_ICON[status as keyof typeof STATUS_ICON] ?? IconClipboardList;
  return (
    <Badge
      variant="light"
      color={status === 'discharged' ? 'gray' : 'lagoon'}
      size="lg"
      leftSection={<Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {PATIENT_STATUS_LABELS[status as keyof typeof PATIENT_STATUS_LABELS] ?? status}
    </Badge>
  );
}

export const OUTCOME = {
  eligible: { label: 'Eligible', color: 'green', Icon: IconCircleCheck },
  needs_review: { label: 'Needs review', color: 'yellow', Icon: IconHelpCircle },
  not_eligible: { label: 'Not eligible', color: 'red', Icon: IconBan },
} as const;

/** The screening outcome: green eligible, amber needs review, red not eligible — each with a word and icon. */
export function OutcomeBadge({
  outcome,
  size = 'lg',
  prefix = '',
}: {
  outcome: string;
  size?: 'md' | 'lg' | 'xl';
  prefix?: string;
}) {
  const o = OUTCOME[outcome as keyof typeof OUTCOME] ?? {
    label: outcome,
    color: 'gray',
    Icon: IconAlertTriangle,
  };
  return (
    <Badge
      color={o.color}
      variant="light"
      size={size}
      leftSection={<o.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {prefix}
      {o.label}
    </Badge>
  );
}

const STATUS_LOOK = {
  green: { color: 'green', Icon: IconCircleCheck },
  amber: { color: 'yellow', Icon: IconHelpCircle },
  red: { color: 'red', Icon: IconBan },
} as const;

/**
 * Where screening stands — the rules' outcome and the prescriber's decision read together, as the server
 * words it (the same status the screening tab and the readiness gate use): "Screening: Cleared".
 */
export function ScreeningStatusBadge({
  status,
  size = 'lg',
  testId = 'screening-status',
}: {
  status: { state: string; label: string; tone: 'red' | 'amber' | 'green' };
  size?: 'md' | 'lg' | 'xl';
  testId?: string;
}) {
  const look = STATUS_LOOK[status.tone];
  return (
    <Badge
      color={look.color}
      variant="light"
      size={size}
      leftSection={<look.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
      data-testid={testId}
      data-state={status.state}
    >
      Screening: {status.label}
    </Badge>
  );
}
