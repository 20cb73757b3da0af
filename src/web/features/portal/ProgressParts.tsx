import { Box, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconCircleDot } from '@tabler/icons-react';
import type { PortalProgress } from './progress-query';

type Stage = NonNullable<PortalProgress['course']>['stage'];

const STATE_WORDS = { done: 'done', current: 'you are here', upcoming: 'to come' } as const;

/** The four phases of a course as an ordered list: done, where you are, to come (in words and icons). */
export function PhaseSteps({ stage }: { stage: Stage }) {
  return (
    <List
      component="ol"
      spacing="xs"
      listStyleType="none"
      p={0}
      m={0}
      data-testid="progress-steps"
      aria-label="The parts of your course"
    >
      {stage.steps.map((s) => {
        const Icon =
          s.state === 'done' ? IconCircleCheck : s.state === 'current' ? IconCircleDot : IconCircleDashed;
        const color = s.state === 'done' ? 'green' : s.state === 'current' ? 'blue' : 'gray';
        return (
          <List.Item key={s.phase} data-state={s.state}>
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon color={color} variant="light" radius="xl" size={32} aria-hidden="true">
                <Icon size={20} />
              </ThemeIcon>
              <Box>
                <Text fw={s.state === 'current' ? 700 : 500}>{s.label}</Text>
                <Text size="sm" c={s.state === 'current' ? undefined : 'dimmed'}>
                  {s.state === 'upcoming' && stage.phase === 'ended' ? 'not reached' : STATE_WORDS[s.state]}
                  {s.phase === 'dosing' ? ` · ${stage.dosing.done} of ${stage.dosing.planned} given` : ''}
                  {s.phase === 'preparation' && s.state !== 'upcoming'
                    ? ` · ${Math.min(stage.preparation.done, stage.preparation.planned)} of ${stage.preparation.planned} sessions`
                    : ''}
                  {s.phase === 'integration' && s.state !== 'upcoming'
                    ? ` · ${Math.min(stage.integration.done, stage.integration.planned)} of ${stage.integration.planned} sessions`
                    : ''}
                </Text>
              </Box>
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}

/** What to prepare next: the clinic's own instructions first, then the steps. */
export function PrepareList({ prepare }: { prepare: NonNullable<PortalProgress['prepare']> }) {
  return (
    <Stack gap="xs" data-testid="progress-prepare">
      <Text fw={700}>{prepare.heading}:</Text>
      {prepare.clinicInstructions ? (
        <Text
          p="sm"
          style={{ borderLeft: '4px solid var(--mantine-color-blue-filled)', whiteSpace: 'pre-wrap' }}
          bg="var(--mantine-color-blue-light)"
        >
          <Text span fw={600}>
            From your clinic:
          </Text>{' '}
          {prepare.clinicInstructions}
        </Text>
      ) : null}
      {prepare.items.length ? (
        <List spacing={4}>
          {prepare.items.map((i) => (
            <List.Item key={i}>{i}</List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
