import { Alert, Anchor, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconCloudOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StateBadge } from '../../components/StateBadge';
import { chartUrl } from '../courses/course-query';
import { lookOf, routeLabel, SESSION_STATUS } from '../courses/labels';
import { experiencePaths } from '../experience/experience-query';
import { SessionExperienceSection } from '../experience/SessionExperience';
import { SharedIntentionPanel } from '../journal/SharedIntentionPanel';
import { AdministrationPanel } from './AdministrationPanel';
import { AlertsPanel } from './AlertsPanel';
import { ExposurePanel, VitalsPanel } from './ChartsPanel';
import { ChecklistPanel } from './ChecklistPanel';
import { DischargePanel } from './DischargePanel';
import { EntryModal, type EntryTarget } from './EntryModal';
import { HoldBanner } from './HoldBanner';
import { NarrativePanel } from './NarrativePanel';
import { OrderPanel } from './OrderPanel';
import { flushQueue, useQueue } from './offline-queue';
import { QuickBar } from './QuickBar';
import { ReadinessSnapshot } from './ReadinessSnapshot';
import { SafetyRulesPanel } from './SafetyRulesPanel';
import { SignPanel } from './SignPanel';
import { StatusStrip } from './StatusStrip';
import { useConsole } from './session-query';
import { Timeline } from './Timeline';

/**
 * The dosing-session console (issue #5), tablet-first: the nurse at the chair records checks, vitals and
 * administrations in one or two taps; rules fire the moment a value crosses a threshold; the prescriber
 * orders and signs from the same screen. Entries go through an offline queue and land exactly once.
 */
export default function SessionConsolePage() {
  const { patientId = '', sessionId = '' } = useParams();
  const query = useConsole(patientId, sessionId);
  const queued = useQueue(sessionId);
  const [target, setTarget] = useState<EntryTarget | null>(null);

  // Entries left from an earlier visit (a reload, a lost connection) are sent as soon as the console opens.
  useEffect(() => {
    void flushQueue();
  }, []);

  if (query.isPending) return <Loading label="Opening the session console" />;
  if (query.error && !query.data)
    return <ErrorAlert error={query.error} title="Could not open the session" />;
  const state = query.data;
  if (!state) return null;
  const { session, permissions } = state;
  const open = !session.locked && session.status !== 'discharged';
  const dosed = Boolean(session.firstDoseAt);
  const pending = queued.filter((q) => q.status === 'pending').length;

  return (
    <Stack gap="md" maw={1400} mx="auto" data-testid="session-console">
      <Anchor component={Link} to={chartUrl(patientId, 'course')} size="sm" w="fit-content">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} />{' '}
        {session.patientName}’s course
      </Anchor>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="md" align="baseline" wrap="wrap">
          <PageTitle mb={0}>{session.patientName}</PageTitle>
          <Text size="xl" fw={600}>
            Session {session.number} · {routeLabel(session.route)}
          </Text>
          <Text ff="monospace" c="dimmed">
            {session.chartNumber}
          </Text>
        </Group>
        <StateBadge look={lookOf(SESSION_STATUS, session.status)} size="xl" data-testid="session-status" />
      </Group>

      {query.error ? (
        <ErrorAlert error={query.error} title="Could not refresh — showing the last known state" />
      ) : null}
      {queued.length ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconCloudOff aria-hidden="true" />}
          title={`${queued.length} entr${queued.length === 1 ? 'y' : 'ies'} not saved yet`}
          data-testid="queue-banner"
        >
          <Group justify="space-between" wrap="wrap">
            <Text>
              {pending ? 'Kept on this device and retried automatically, also after a reload. ' : ''}
              {queued.length - pending ? 'Some were refused: see the timeline.' : ''}
            </Text>
            <Button variant="default" onClick={() => void flushQueue()}>
              Retry now
            </Button>
          </Group>
        </Alert>
      ) : null}
      {open && permissions.canRun ? <QuickBar onOpen={(kind) => setTarget({ kind })} dosed={dosed} /> : null}
      <HoldBanner state={state} onRecheck={() => setTarget({ kind: 'vitals' })} />
      <AlertsPanel state={state} queued={queued} />
      <StatusStrip state={state} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6, lg: 7 }} order={{ base: dosed ? 2 : 1, md: 1 }}>
          <Stack gap="md">
            {!dosed ? <SharedIntentionPanel patientId={patientId} day={state.session.startedAt} /> : null}
            {!dosed ? <ChecklistPanel state={state} /> : null}
            <OrderPanel state={state} />
            <AdministrationPanel state={state} queued={queued} />
            {dosed ? (
              <SessionExperienceSection
                path={experiencePaths.dosing(state.session.patientId, state.session.id)}
                setting="in_clinic"
              />
            ) : null}
            <DischargePanel state={state} />
            <NarrativePanel state={state} />
            <SignPanel state={state} />
            {dosed ? <ChecklistPanel state={state} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, lg: 5 }} order={{ base: dosed ? 1 : 2, md: 2 }}>
          <Stack gap="md">
            <Timeline
              state={state}
              queued={queued}
              onCorrect={
                open && permissions.canRun ? (e) => setTarget({ kind: e.kind, correcting: e }) : undefined
              }
            />
            <VitalsPanel state={state} />
            <ExposurePanel state={state} />
            <ReadinessSnapshot state={state} />
            <SafetyRulesPanel state={state} />
          </Stack>
        </Grid.Col>
      </Grid>
      <EntryModal state={state} target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}
