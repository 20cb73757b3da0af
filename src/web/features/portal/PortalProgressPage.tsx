import { Anchor, Button, Card, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconChevronRight } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { shortName } from '../measures/labels';
import { CrisisBar } from '../public/CrisisNotice';
import { PhaseSteps, PrepareList } from './ProgressParts';
import { type PortalProgress, usePortalProgress } from './progress-query';

// The chart code (recharts) loads only with a trend to draw, as on the chart's measures section.
const TrendChart = lazy(() => import('../measures/charts/TrendChart'));

type Trend = PortalProgress['trends'][number];
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** One questionnaire's scores: the latest in words, the chart, and the same scores as a table beside it. */
function TrendCard({ trend }: { trend: Trend }) {
  const title = shortName(trend.name);
  const last = trend.points[trend.points.length - 1];
  const first = trend.points[0];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={`my-trend-h-${trend.instrumentId}`}
      data-testid="progress-trend"
      data-instrument={trend.instrumentId}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id={`my-trend-h-${trend.instrumentId}`}>
          {title}
        </Title>
        {last ? (
          <Text data-testid="progress-latest">
            Your latest score is{' '}
            <Text span fw={700}>
              {last.total}
            </Text>
            {last.band ? (
              <>
                {', '}
                <Text span fw={700}>
                  {last.band.label.toLowerCase()}
                </Text>
              </>
            ) : null}
            , on {day.format(new Date(last.at))}.
            {first && first !== last
              ? ` Your first was ${first.total}${first.band ? ` (${first.band.label.toLowerCase()})` : ''}.`
              : ''}
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Suspense fallback={<Loading label="Loading the chart" />}>
            <TrendChart trend={trend} title={title} />
          </Suspense>
          <Table.ScrollContainer minWidth={280}>
            <Table striped verticalSpacing="xs" data-testid="progress-trend-table">
              <Table.Caption>{`Your ${title} scores, oldest first`}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Score</Table.Th>
                  <Table.Th scope="col">What it means</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {trend.points.map((p) => (
                  <Table.Tr key={p.responseId} data-testid="progress-trend-row">
                    <Table.Th scope="row" fw={400}>
                      {day.format(new Date(p.at))}
                    </Table.Th>
                    <Table.Td fw={700}>{p.total}</Table.Td>
                    <Table.Td>{p.band?.label ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Scores run from {trend.range.min} to {trend.range.max}. The shaded bands are the ranges your clinic
          uses: {trend.bands.map((b) => `${b.label.toLowerCase()} ${b.min} to ${b.max}`).join('; ')}. Your
          care team looks at these with you; a single score is only part of the picture.
        </Text>
      </Stack>
    </Card>
  );
}

/** The patient's own progress: where they are in their course, what is coming, what to prepare, their scores. */
export default function PortalProgressPage() {
  const [courseId, setCourseId] = useState<string | undefined>(undefined);
  const progress = usePortalProgress(courseId);
  const p = progress.data;
  return (
    <Stack gap="lg">
      <CrisisBar />
      <Anchor
        component={Link}
        to="/portal"
        size="sm"
        style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center' }}
      >
        <IconArrowLeft size={14} aria-hidden="true" style={{ marginRight: 4 }} /> Back to your home page
      </Anchor>
      <PageTitle>Your progress</PageTitle>
      {progress.isPending ? <Loading label="Loading your progress" /> : null}
      <ErrorAlert error={progress.error} title="Could not load your progress" />
      {p ? (
        <>
          {p.courses.length > 1 ? (
            <NativeSelect
              label="Course"
              size="md"
              value={courseId ?? p.course?.id ?? ''}
              onChange={(e) => setCourseId(e.currentTarget.value)}
              data={p.courses.map((c) => ({ value: c.id, label: c.label }))}
            />
          ) : null}
          <Card
            withBorder
            radius="md"
            padding="lg"
            component="section"
            aria-labelledby="course-h"
            data-testid="progress-course"
          >
            <Stack gap="sm">
              <Title order={2} size="h3" id="course-h">
                {p.course ? p.course.stage.label : 'Your course'}
              </Title>
              {p.course ? (
                <>
                  <Text>{p.course.stage.summary}</Text>
                  <Text size="sm" c="dimmed">
                    {p.course.settingLabel}
                  </Text>
                  <PhaseSteps stage={p.course.stage} />
                </>
              ) : (
                <Text>Your course has not started yet. Your care team will plan it with you.</Text>
              )}
            </Stack>
          </Card>
          <Card
            withBorder
            radius="md"
            padding="lg"
            component="section"
            aria-labelledby="coming-h"
            data-testid="progress-upcoming"
          >
            <Stack gap="sm">
              <Title order={2} size="h3" id="coming-h">
                Coming up
              </Title>
              {p.prepare ? <PrepareList prepare={p.prepare} /> : null}
              {p.upcoming.length ? (
                <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                  {p.upcoming.map((u) => (
                    <li key={u.id}>
                      <Button
                        component={Link}
                        to={u.link}
                        variant="default"
                        size="md"
                        fullWidth
                        justify="space-between"
                        rightSection={<IconChevronRight size={18} aria-hidden="true" />}
                        styles={{
                          root: { height: 'auto', minHeight: 48 },
                          label: { whiteSpace: 'normal', textAlign: 'left' },
                        }}
                      >
                        <span>
                          <strong>{u.label}</strong>
                          <br />
                          {u.when}
                        </span>
                      </Button>
                    </li>
                  ))}
                </Stack>
              ) : (
                <Text c="dimmed">
                  Nothing booked yet. Your clinic will contact you to arrange your next visit.
                </Text>
              )}
            </Stack>
          </Card>
          <Stack gap="sm" component="section" aria-labelledby="scores-h">
            <Title order={2} size="h3" id="scores-h">
              Your questionnaires
            </Title>
            {p.trends.length ? (
              p.trends.map((t) => <TrendCard key={t.instrumentId} trend={t} />)
            ) : (
              <Text c="dimmed">Your scores will show here once you have answered a questionnaire.</Text>
            )}
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}
