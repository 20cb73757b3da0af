import { Badge } from '@mantine/core';
import { IconBook2, IconBuildingHospital } from '@tabler/icons-react';
import { NO_CLIP } from './badges';

/** Whether a safety rule is a published one or the clinic's own policy, in word and icon (never colour alone). */
export function BasisBadge({ policy, size = 'md' }: { policy: boolean; size?: 'sm' | 'md' | 'lg' }) {
  const Icon = policy ? IconBuildingHospital : IconBook2;
  return (
    <Badge
      variant="light"
      color={policy ? 'gray' : 'lagoon'}
      size={size}
      leftSection={<Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
      style={{ flexShrink: 0 }}
    >
      {policy ? 'Clinic policy' : 'Published rule'}
    </Badge>
  );
}
