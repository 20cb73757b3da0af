import { Fieldset, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { BasisBadge } from '../../../components/BasisBadge';

/**
 * The frame of one rule on the safety-rules form (a vital-sign rule or a dose limit): its name and whether it is
 * the clinic's own policy, as the legend. Other props (`data-*`) go to the fieldset.
 */
export function RuleFieldset({
  name,
  policy,
  children,
  ...rest
}: {
  name: string;
  policy: boolean;
  children: ReactNode;
}) {
  return (
    <Fieldset
      legend={
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{name}</Text>
          <BasisBadge policy={policy} size="sm" />
        </Group>
      }
      aria-label={name}
      radius="md"
      {...rest}
    >
      {children}
    </Fieldset>
  );
}
