import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconClock, IconHome } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { experiencePaths } from '../experience/experience-query';
import { PortalRatingCard } from '../experience/SessionExperience';
import { useNow } from '../sessions/use-now';
import { CheckInFlow } from './CheckInFlow';
import { GoTakeDose, Held, WaitingForGo } from './Decision';
import { DuringScreen } from './DuringScreen';
import { HelpBar } from './HelpBar';
import { PendingWrites } from './PendingWrites';
import {
  type AtHomeSession,
  patientQueue,
  sendPatient,
  useMyAtHomeSession,
  usePatientWrites,
} from './patient-api';
import { clockTime, whenWords } from './words';

/**
 * How often the page re-reads the session: often while something is awaited from someone else (the sitter's
 * confirmation, the go), steadily from the go to the check-out (a clinician's hold, the sitter's answers), and
 * not at all otherwise. A page that polls keeps the patient's sign-in alive (each read is activity): that is
 * wanted during the session, when the phone must stay reachable, and only then.
 */
function pollFor(s: AtHomeSession | undefined): number | false {
  if (!s || s.patientCheckout || s.state === 'checked_out' || s.state === 'closed') return false;
  if (s.state === 'awaiting_go') return 5_000;
  if (s.sitter.invitedAt && !s.sitter.confirmedAt) return 5_000;
  if (s.state === 'dose_taken' || s.state === 'go') return 15_000;
  if (s.state === 'held') return 30_000;
  return false;
}

function Done({ session }: { session: AtHomeSession }) {
  const sitterLeft = session.sitter.confirmedAt && !session.sitterCheckout && session.state !== 'checked_out';
  return (
    <Stack gap="md" data-testid="checked-out">
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden="true" />}
        title="Thank you: you have checked out"
        role="status"
      >
        {session.remainingTroches !== null
          ? `You told us you have ${session.remainingTroches} troche${session.remainingTroches === 1 ? '' : 's'} left. `
          : ''}
        Rest for the rest of the day. No driving or machinery until tomorrow after a night’s sleep.
      </Alert>
      {sitterLeft ? (
        <Text>{`${session.sitter.name ?? 'Your sitter'} checks out from their phone too.`}</Text>
      ) : null}
      {session.dose ? <PortalRatingCard path={experiencePaths.portal(session.id)} /> : null}
      <Button
        component={Link}
        to="/portal"
        size="lg"
        fullWidth
        leftSection={<IconHome size={20} aria-hidden="true" />}
      >
        Back to home
      </Button>
    </Stack>
  );
}

function Body({ session, now }: { session: AtHomeSession; now: number }) {
  const writes = usePatientWrites(session.id).filter((w) => w.status === 'pending');
  const dose = writes.find((w) => w.answers === 'dose');
  if (session.state === 'closed')
    return (
      <Alert color="gray" variant="light" title="This session is closed">
        {session.closed?.reason ? `${session.closed.reason}` : 'Your care team closed this session.'}
      </Alert>
    );
  if (
    session.patientCheckout ||
    session.state === 'checked_out' ||
    writes.some((w) => w.answers === 'check_out')
  )
    return <Done session={session} />;
  if (session.state === 'dose_taken' && session.dose)
    return <DuringScreen session={session} doseAt={session.dose.takenAt} />;
  if (session.state === 'go' && dose) return <DuringScreen session={session} doseAt={dose.createdAt} />;
  if (session.state === 'go') return <GoTakeDose session={session} />;
  if (session.state === 'held') return <Held session={session} />;
  if (session.state === 'awaiting_go') return <WaitingForGo session={session} />;
  if (now < Date.parse(session.checkIn.opensAt))
    return (
      <Alert color="blue" variant="light" icon={<IconClock aria-hidden="true" />} title="Not open yet">
        {`Your check-in opens at ${clockTime(session.checkIn.opensAt)}, an hour or so before your session. Come back then.`}
      </Alert>
    );
  return <CheckInFlow session={session} />;
}

/**
 * The patient's at-home session on their phone (issue #16), one screen at a time: the guided check-in, the
 * decision (go, waiting for a clinician, held), the dose, the timed check-ins and the check-out. Help is at
 * the top of every screen; what cannot be sent waits on the phone and says so.
 */
export default function AtHomePage() {
  const id = useParams().id ?? '';
  const now = useNow(5000);
  const query = useMyAtHomeSession(id, pollFor);
  const writes = usePatientWrites(id);
  const session = query.data;
  // Entries left waiting when the sign-in ended go now that the patient is back.
  useEffect(() => {
    void patientQueue.flush();
  }, []);
  const title = session ? `At-home session, ${whenWords(session.startsAt, now)}` : 'At-home session';
  return (
    <Stack gap="md">
      <HelpBar
        title={title}
        numbers={session?.help ?? null}
        record={() =>
          sendPatient(id, { method: 'POST', path: '/help', body: {}, label: 'Help tapped', answers: 'help' })
        }
      />
      <Anchor component={Link} to="/portal" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Home
      </Anchor>
      <PageTitle size="h3" mb={0}>
        Your at-home session
      </PageTitle>
      <PendingWrites writes={writes} queue={patientQueue} />
      {query.isPending ? <Loading label="Loading your session" /> : null}
      {query.error && !session ? (
        <ErrorAlert error={query.error} title="Your session could not be loaded" />
      ) : null}
      {query.error && session ? (
        <Text size="sm" c="dimmed" role="status">
          No connection: showing what this phone last heard.
        </Text>
      ) : null}
      {session ? <Body session={session} now={now} /> : null}
    </Stack>
  );
}
