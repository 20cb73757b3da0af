import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconRoute } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePortalProgress } from './progress-query';

/** The top of the portal's home: where you are in your course and what comes next, with a way to see more. */
export function PortalProgressCard() {
  const progress = usePortalProgress();
  if (progress.isPending) return <Loading label="Loading your progress" />;
  if (progress.error) return <ErrorAlert error={progress.error} title="Could not load your progress" />;
  const { course, upcoming } = progress.data;
  if (!course && !upcoming.length && !progress.data.trends.length) return null;
  const next = upcoming[0];
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="progress-card-h"
      data-testid="portal-progress-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconRoute size={24} aria-hidden="true" />
          <Title order={2} size="h4" id="progress-card-h">
            {course ? `Your course: ${course.stage.label}` : 'Your progress'}
          </Title>
        </Group>
        {course ? <Text>{course.stage.summary}</Text> : null}
        {next ? (
          <Text>
            <Text span fw={600}>
              Next:
            </Text>{' '}
            {next.label}, {next.when}
          </Text>
        ) : null}
        <Button
          component={Link}
          to="/portal/progress"
          variant="light"
          size="md"
          rightSection={<IconChevronRight size={18} aria-hidden="true" />}
          fullWidth
        >
          See your progress
        </Button>
      </Stack>
    </Card>
  );
}
