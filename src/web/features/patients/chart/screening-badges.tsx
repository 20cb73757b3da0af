import { Badge } from '@mantine/core';
import { IconAlertTriangle, IconBan, IconBook, IconBuildingHospital, IconPill } from '@tabler/icons-react';
import type { z } from 'zod';
import type { screeningReasonSchema } from '../../../../contracts/patients';
import { NO_CLIP } from '../../../components/badges';

export type Reason = z.infer<typeof screeningReasonSchema>;

/** How strict a rule is: red for absolute (cannot be overridden), amber for the prescriber's call. */
export const LEVEL = {
  absolute: { label: 'Absolute — cannot be overridden', color: 'red', Icon: IconBan },
  relative: { label: 'Relative — prescriber decides', color: 'yellow', Icon: IconAlertTriangle },
  interaction: { label: 'Interacting medicine — prescriber decides', color: 'yellow', Icon: IconPill },
} as const;

export function LevelBadge({ level }: { level: Reason['level'] }) {
  const l = LEVEL[level];
  return (
    <Badge
      color={l.color}
      variant="light"
      size="lg"
      leftSection={<l.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {l.label}
    </Badge>
  );
}

/** Whether a rule comes from product labelling or is the clinic's own policy (DOMAIN §3: say which). */
export function BasisBadge({ basis }: { basis: Reason['basis'] }) {
  return basis === 'label' ? (
    <Badge
      color="gray"
      variant="outline"
      size="lg"
      leftSection={<IconBook size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Product label
    </Badge>
  ) : (
    <Badge
      color="gray"
      variant="outline"
      size="lg"
      leftSection={<IconBuildingHospital size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Clinic policy (not a label rule)
    </Badge>
  );
}
