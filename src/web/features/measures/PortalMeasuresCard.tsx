import { Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconCircleCheck, IconClipboardList } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../lib/format';
import { shortName } from './labels';
import { usePortalMeasures } from './measures-query';

/** The portal home's list of questionnaires to fill in, with where each one was left. */
export function PortalMeasuresCard() {
  const q = usePortalMeasures();
  const measures = q.data?.measures ?? [];
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="measures-card-h"
      data-testid="portal-measures-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          {q.data && measures.length === 0 ? (
            <IconCircleCheck size={24} aria-hidden="true" color="var(--mantine-color-green-text)" />
          ) : (
            <IconClipboardList size={24} aria-hidden="true" color="var(--mantine-color-yellow-text)" />
          )}
          <Title order={2} size="h4" id="measures-card-h">
            {measures.length ? 'Questionnaires to fill in' : 'Questionnaires'}
          </Title>
        </Group>
        {q.isPending ? <Loading label="Loading your questionnaires" /> : null}
        <ErrorAlert error={q.error} title="Could not load your questionnaires" />
        {q.data && measures.length === 0 ? <Text>Nothing to fill in right now. Thank you!</Text> : null}
        {measures.length ? (
          <Text>They help your care team see how you are doing. Each takes a few minutes.</Text>
        ) : null}
        {measures.map((m) => {
          const started = m.progress.answered > 0;
          const name = shortName(m.instrument.name);
          return (
            <Card key={m.assignmentId} withBorder radius="md" padding="md" data-testid="portal-measure">
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={700}>{name}</Text>
                  <Text size="sm" c="dimmed">
                    {m.timing === 'overdue' ? `Was due ${formatDate(m.dueOn)}` : `Due ${formatDate(m.dueOn)}`}
                  </Text>
                </Group>
                {started ? (
                  <>
                    <Text size="sm">
                      {m.progress.answered} of {m.progress.required} questions answered
                    </Text>
                    <Progress
                      value={m.progress.percent}
                      aria-label={`${name}: ${m.progress.percent} % answered`}
                    />
                  </>
                ) : null}
                <Button
                  component={Link}
                  to={`/portal/measures/${m.assignmentId}`}
                  rightSection={<IconChevronRight size={18} aria-hidden="true" />}
                  fullWidth
                  aria-label={`${started ? 'Continue' : 'Start'} the ${name} questionnaire`}
                >
                  {started ? 'Continue' : 'Start'}
                </Button>
              </Stack>
            </Card>
          );
        })}
      </Stack>
    </Card>
  );
}
