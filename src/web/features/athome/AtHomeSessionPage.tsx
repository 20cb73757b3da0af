import { Alert, Anchor, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconHandStop } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { BoardState } from '../../../domain/athome';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime, formatTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { chartUrl } from '../courses/course-query';
import { experiencePaths } from '../experience/experience-query';
import { SessionExperienceSection } from '../experience/SessionExperience';
import { useChart } from '../patients/patient-query';
import { ActionsSection } from './ActionsSection';
import { type AtHomeDetail, useAtHomeSession } from './athome-query';
import { CheckInSection } from './CheckInSection';
import { EscalationCard } from './EscalationCard';
import { ExposureSection } from './ExposureSection';
import { boardLook } from './labels';
import { OrderSection } from './OrderSection';
import { RecordSection } from './RecordSection';
import { ScheduleSection, TimelineSection } from './TimelineSection';

const by = (p: { name: string | null } | null, kind: 'rules' | 'clinician') =>
  kind === 'rules' ? 'by the clinic’s rules' : `by ${p?.name ?? 'a clinician'}`;

/** Where the session stands, in a sentence: the hold and its reason in red, the go, or how it was closed. */
function StatusLine({ s }: { s: AtHomeDetail }) {
  if (s.closed)
    return (
      <Text data-testid="athome-status">
        Closed at {formatTime(s.closed.at)} by {s.closed.by?.name ?? 'a clinician'}: {s.closed.reason}
      </Text>
    );
  if (s.state === 'held' && s.hold)
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconHandStop aria-hidden="true" />}
        title="Held"
        data-testid="athome-status"
      >
        Held at {formatTime(s.hold.at)} {by(s.hold.by, s.hold.kind)}: {s.hold.reason} A prescriber reviews it
        and lifts the hold with a reason, or the session is closed.
      </Alert>
    );
  if (s.go && !s.dose)
    return (
      <Text data-testid="athome-status">
        Go given at {formatTime(s.go.at)} {by(s.go.by, s.go.kind)}; waiting for the dose.
      </Text>
    );
  return null;
}

/**
 * One at-home session for the care team (issue #16), at a desktop: its escalations on top, what a clinician
 * can do now (call, go, hold, note, close), the prescriber's order, the check-in, the full timeline in plain
 * words and local times, and the expected-exposure estimate. Refreshes every 15 seconds.
 */
export default function AtHomeSessionPage() {
  const { patientId = '', sessionId = '' } = useParams();
  const me = useMe().data;
  const can = (p: string) => me?.permissions.includes(p) ?? false;
  const q = useAtHomeSession(patientId, sessionId);
  const chart = useChart(patientId);
  const s = q.data;
  const tasks = s
    ? [...s.tasks].sort((a, b) => Number(a.state === 'resolved') - Number(b.state === 'resolved'))
    : [];
  const unresolved = tasks.filter((t) => t.state !== 'resolved');

  return (
    <Stack gap="lg" maw={1400}>
      <Anchor component={Link} to={chartUrl(patientId, 'course')} size="sm" w="fit-content">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Course and sessions
      </Anchor>
      {q.isPending ? <Loading label="Loading the at-home session" /> : null}
      <ErrorAlert error={q.error} title="Could not load the at-home session" />
      {s ? (
        <>
          <Stack gap={6}>
            <PageTitle mb={0}>{`${s.patientName}: at-home session ${s.number}`}</PageTitle>
            <Group gap="md" wrap="wrap">
              <Text ff="monospace" fw={600}>
                {s.chartNumber}
              </Text>
              <StateBadge look={boardLook(s.boardState as BoardState)} data-testid="athome-state" />
              <Text>Booked for {formatDateTime(s.startsAt)}</Text>
            </Group>
            <StatusLine s={s} />
          </Stack>
          {unresolved.length ? (
            <Stack gap="sm" component="section" aria-labelledby="athome-session-escalations">
              <Group gap="sm">
                <IconAlertTriangle size={22} aria-hidden="true" color="var(--mantine-color-red-text)" />
                <Title order={2} size="h3" id="athome-session-escalations">
                  Escalations ({unresolved.length} not resolved)
                </Title>
              </Group>
              {unresolved.map((t) => (
                <EscalationCard
                  key={t.id}
                  task={{ ...t, patientName: s.patientName }}
                  canAct={can('session.run')}
                  showPatient={false}
                />
              ))}
            </Stack>
          ) : null}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack gap="lg">
                <ActionsSection s={s} patientPhone={chart.data?.patient.phone ?? null} can={can} />
                <TimelineSection s={s} />
                {tasks.length > unresolved.length ? (
                  <Stack gap="sm" component="section" aria-labelledby="athome-session-resolved">
                    <Title order={2} size="h4" id="athome-session-resolved">
                      Resolved escalations
                    </Title>
                    {tasks
                      .filter((t) => t.state === 'resolved')
                      .map((t) => (
                        <EscalationCard
                          key={t.id}
                          task={{ ...t, patientName: s.patientName }}
                          canAct={false}
                          showPatient={false}
                        />
                      ))}
                  </Stack>
                ) : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack gap="lg">
                <OrderSection
                  s={s}
                  canSign={can('orders.sign')}
                  weightKg={chart.data?.clinical?.weightKg ?? null}
                />
                <CheckInSection s={s} />
                {s.dose ? (
                  <SessionExperienceSection
                    path={experiencePaths.atHome(s.patientId, s.id)}
                    setting="at_home"
                  />
                ) : null}
                <ScheduleSection s={s} />
                <ExposureSection s={s} />
                <RecordSection s={s} canSign={can('orders.sign')} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      ) : null}
    </Stack>
  );
}
