import { Anchor, Card, Group, List, Spoiler, Stack, Text, Title } from '@mantine/core';
import { IconMapPin, IconVideo } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { portalVisit } from '../../../contracts/scheduling';
import { StateBadge } from '../../components/StateBadge';
import { visitStatus } from './labels';

export type PortalVisit = z.infer<typeof portalVisit>;

/** One visit as a patient sees it: what, when, where, and how to prepare (the clinic's instructions). */
export function VisitCard({
  visit,
  children,
  headingLevel = 3,
}: {
  visit: Omit<PortalVisit, 'id'>;
  children?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const lines = visit.instructions.split('\n').filter((l) => l.trim());
  return (
    <Card withBorder radius="md" padding="md" data-testid="visit-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={headingLevel} size="h4">
            {visit.label}
          </Title>
          <StateBadge look={visitStatus(visit.status)} size="md" />
        </Group>
        <Text fw={600}>{visit.when}</Text>
        {visit.modality === 'in_person' ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconMapPin size={18} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text>
              {visit.locationName}
              {visit.address ? <Text span c="dimmed">{` — ${visit.address}`}</Text> : null}
            </Text>
          </Group>
        ) : (
          <Group gap={6} wrap="nowrap">
            <IconVideo size={18} aria-hidden="true" style={{ flexShrink: 0 }} />
            {visit.videoUrl ? (
              <Anchor href={visit.videoUrl} target="_blank" rel="noreferrer" c="inherit" underline="always">
                Join by video
              </Anchor>
            ) : (
              <Text>
                {visit.modality === 'audio'
                  ? 'By phone: we will call you.'
                  : 'By video: we will send you the link.'}
              </Text>
            )}
          </Group>
        )}
        {lines.length && visit.status !== 'cancelled' ? (
          <Spoiler
            maxHeight={0}
            showLabel="How to prepare"
            hideLabel="Hide"
            transitionDuration={0}
            styles={{ control: { color: 'var(--mantine-color-text)', textDecoration: 'underline' } }}
          >
            <List size="sm" spacing={4}>
              {lines.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          </Spoiler>
        ) : null}
        {children}
      </Stack>
    </Card>
  );
}
