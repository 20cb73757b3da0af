import { Badge } from '@mantine/core';
import {
  IconCircleCheck,
  IconClockExclamation,
  IconShieldCheck,
  IconShieldX,
  IconSignature,
} from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';

/** Whether the patient's consent is the current version (green), out of date or missing (amber). */
export function ConsentStateBadge({ isCurrent, signed }: { isCurrent: boolean; signed: boolean }) {
  if (isCurrent)
    return (
      <Badge
        color="green"
        variant="light"
        size="lg"
        leftSection={<IconCircleCheck size={14} aria-hidden="true" />}
        styles={NO_CLIP}
        data-testid="consent-state"
      >
        Consent current
      </Badge>
    );
  return (
    <Badge
      color="yellow"
      variant="light"
      size="lg"
      leftSection={
        signed ? (
          <IconClockExclamation size={14} aria-hidden="true" />
        ) : (
          <IconSignature size={14} aria-hidden="true" />
        )
      }
      styles={NO_CLIP}
      data-testid="consent-state"
    >
      {signed ? 'Consent out of date' : 'Consent not signed'}
    </Badge>
  );
}

/** The stored hash still matches the signed text (green), or the text has changed since (red: tampering). */
export function IntegrityBadge({ ok }: { ok: boolean }) {
  return ok ? (
    <Badge
      color="green"
      variant="light"
      leftSection={<IconShieldCheck size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Text intact
    </Badge>
  ) : (
    <Badge
      color="red"
      variant="light"
      leftSection={<IconShieldX size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Text changed since signing
    </Badge>
  );
}
