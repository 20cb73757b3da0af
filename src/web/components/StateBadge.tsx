import { Badge, type BadgeProps } from '@mantine/core';
import type { ComponentType } from 'react';
import { NO_CLIP } from './badges';

export interface StateLook {
  label: string;
  color: string;
  Icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean | 'true' }>;
}

/** A state in colour, word and icon (never colour alone, UX.md principle 2). */
export function StateBadge({
  look,
  size = 'lg',
  ...props
}: { look: StateLook } & Omit<BadgeProps, 'children'>) {
  return (
    <Badge
      color={look.color}
      variant="light"
      size={size}
      leftSection={<look.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
      style={{ flexShrink: 0 }}
      {...props}
    >
      {look.label}
    </Badge>
  );
}
