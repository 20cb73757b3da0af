import { Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StateLook } from '../../components/StateBadge';
import { StateBadge } from '../../components/StateBadge';

/** One step of the console: a titled card with its state in word, icon and colour. */
export function Section({
  id,
  title,
  look,
  children,
  aside,
}: {
  id: string;
  title: string;
  look?: StateLook;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby={`${id}-heading`}
      data-testid={`section-${id}`}
    >
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="wrap">
            <Title order={2} size="h3" id={`${id}-heading`}>
              {title}
            </Title>
            {look ? <StateBadge look={look} /> : null}
          </Group>
          {aside}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
