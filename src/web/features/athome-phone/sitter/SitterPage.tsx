import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconClock, IconLinkOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { PageTitle } from '../../../components/PageTitle';
import { ApiError } from '../../../lib/api';
import { useNow } from '../../sessions/use-now';
import { DueAnswer } from '../DueAnswer';
import { HelpBar, HelpNumbers } from '../HelpBar';
import { PendingWrites } from '../PendingWrites';
import { WRAP_BUTTON } from '../styles';
import { dueWords, nextItem, openItems } from '../timeline';
import { clockTime, inWords, whenWords } from '../words';
import { SitterCheckout } from './SitterCheckout';
import { SitterStatus } from './SitterStatus';
import {
  confirmPresence,
  keepCode,
  normaliseCode,
  type Secret,
  type SitterView,
  sendSitter,
  sitterQueue,
  storedCode,
  storedToken,
  takeCodeFromAddress,
  useSitterSession,
  useSitterWrites,
} from './sitter-api';

/** Where the page starts: a code in the link, else the token or code this tab already holds. */
function firstSecret(): Secret | null {
  const fromLink = takeCodeFromAddress();
  if (fromLink) keepCode(fromLink);
  const code = fromLink ?? storedCode();
  if (code) return { kind: 'code', value: code };
  const token = storedToken();
  return token ? { kind: 'token', value: token } : null;
}

function Ended() {
  return (
    <Stack gap="md" data-testid="sitter-ended">
      <PageTitle size="h3">This link has ended</PageTitle>
      <Alert color="gray" variant="light" icon={<IconLinkOff aria-hidden="true" />}>
        The session it was for has finished, or the link was replaced or has already been used. Nothing more
        is needed from you. Thank you.
      </Alert>
      <Text fw={600}>If someone needs help now</Text>
      <HelpNumbers numbers={null} />
    </Stack>
  );
}

function EnterCode({ onCode }: { onCode: (code: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <PageTitle size="h3">Sitter for an at-home session</PageTitle>
      <Text>Open the link you were sent, or type the code the patient read to you.</Text>
      <TextInput
        label="Code"
        description="12 letters and numbers, for example ABCD-EFGH-JKLM"
        size="md"
        autoComplete="off"
        autoCapitalize="characters"
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        error={error}
      />
      <Button
        size="lg"
        onClick={() => {
          const code = normaliseCode(value);
          if (code.length !== 12) {
            setError('Enter the 12 letters and numbers of the code');
            return;
          }
          keepCode(code);
          onCode(code);
        }}
      >
        Open
      </Button>
    </Stack>
  );
}

function Confirm({
  view,
  code,
  onConfirmed,
}: {
  view: SitterView;
  code: string;
  onConfirmed: (token: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const p = view.patientFirstName;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await confirmPresence(code);
      onConfirmed(r.token);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Stack gap="md" data-testid="sitter-confirm">
      <PageTitle size="h3">{`${p} has asked you to be their sitter`}</PageTitle>
      <Text>
        {`${p} has an at-home session with ${view.clinicName} ${whenWords(view.startsAt)}. A sitter is a sober adult who stays with them for the whole session, checks on them regularly and calls for help if needed.`}
      </Text>
      <Text>This page shows only what you need for this session, and stops working when it ends.</Text>
      <Button size="xl" fullWidth styles={WRAP_BUTTON} loading={busy} onClick={() => void confirm()}>
        {`I am with ${p} and will stay`}
      </Button>
      <Text size="sm" c="dimmed">
        {`By confirming you say that you are a sober adult, with ${p} now, and that you will stay for the whole session.`}
      </Text>
      <ErrorAlert error={error} title="Your confirmation was not sent" />
    </Stack>
  );
}

function ThankYou({ patient }: { patient: string }) {
  return (
    <Stack gap="md" data-testid="sitter-done">
      <PageTitle size="h3">Thank you</PageTitle>
      <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />} role="status">
        {`You have checked out. Thank you for staying with ${patient}. If ${patient} is unwell later, call the clinic, or 911 in an emergency.`}
      </Alert>
    </Stack>
  );
}

function Session({ view, onCheckedOut }: { view: SitterView; onCheckedOut: () => void }) {
  const now = useNow(1000);
  const writes = useSitterWrites();
  const sent = new Set(writes.filter((w) => w.status === 'pending').map((w) => w.answers));
  const p = view.patientFirstName;
  if (view.checkedOut || sent.has('check_out')) return <ThankYou patient={p} />;
  const visual = openItems(view.timeline, 'sitter_check', now, sent);
  const checkIns = openItems(view.timeline, 'timed_check_in', now, sent);
  const next = nextItem(view.timeline, ['sitter_check', 'timed_check_in', 'check_out'], now, sent);
  const checkOut = view.timeline.find((i) => i.kind === 'check_out');
  const checkOutOpen = checkOut ? now >= Date.parse(checkOut.dueAt) : false;
  return (
    <Stack gap="md">
      <PageTitle size="h3">{`You are ${p}’s sitter`}</PageTitle>
      <SitterStatus view={view} now={now} />
      {visual.map((i) => (
        <DueAnswer
          key={i.key}
          testId="due-visual-check"
          title={`Look in on ${p}`}
          question={`Is ${p} breathing comfortably, and do they respond when you say their name?`}
          due={`Visual check, ${i.minute} minutes after the dose. ${dueWords(i, now, clockTime)}`}
          onAnswer={(ok, note) =>
            sendSitter({
              method: 'POST',
              path: '/api/sitter/visual-checks',
              body: { key: i.key, ok, ...(note ? { note } : {}) },
              label: `Visual check at ${i.minute} minutes: ${ok ? 'OK' : 'not OK'}`,
              answers: i.key,
            })
          }
        />
      ))}
      {checkIns.map((i) => (
        <DueAnswer
          key={i.key}
          testId="due-check-in"
          title={`${p}’s ${i.minute}-minute check-in`}
          question={`${p} may answer on their own phone. If they cannot, answer for them: are they OK?`}
          due={dueWords(i, now, clockTime)}
          onAnswer={(ok, note) =>
            sendSitter({
              method: 'POST',
              path: '/api/sitter/check-ins',
              body: { key: i.key, ok, ...(note ? { note } : {}) },
              label: `${i.minute}-minute check-in: ${ok ? 'OK' : 'not OK'}`,
              answers: i.key,
            })
          }
        />
      ))}
      {next && visual.length + checkIns.length === 0 && !checkOutOpen ? (
        <Text data-testid="sitter-next">
          <IconClock size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom', marginRight: 6 }} />
          {next.kind === 'check_out'
            ? `Check-out opens at ${clockTime(next.dueAt)} (${inWords(Date.parse(next.dueAt) - now)}).`
            : `Next ${next.kind === 'sitter_check' ? 'visual check' : 'check-in'} at ${clockTime(next.dueAt)} (${inWords(Date.parse(next.dueAt) - now)}).`}
        </Text>
      ) : null}
      {checkOutOpen ? <SitterCheckout patient={p} onDone={onCheckedOut} /> : null}
    </Stack>
  );
}

/**
 * The sitter's page (`/sitter#CODE`, no sign-in). The code in the link confirms the sitter's presence once;
 * from then on their own token (this tab only) shows this one session's status, the visual checks and
 * check-ins as they fall due, help, and their check-out. A link that has ended says so plainly.
 */
export default function SitterPage() {
  const [secret, setSecret] = useState<Secret | null>(firstSecret);
  // Checked out here: the last one to check out ends the session, and with it the link; this tab says thanks.
  const [thanked, setThanked] = useState<string | null>(null);
  const query = useSitterSession(secret);
  const writes = useSitterWrites();
  const view = query.data;
  const gone = query.error instanceof ApiError && query.error.status === 404;

  // A spent or replaced code: carry on with the token this tab holds, if any; otherwise the link has ended.
  useEffect(() => {
    if (!gone || !secret) return;
    if (secret.kind === 'code') {
      keepCode(null);
      const token = storedToken();
      if (token) setSecret({ kind: 'token', value: token });
    }
    // An ended token stays in this tab, so a reload says again that the link has ended.
  }, [gone, secret]);

  useEffect(() => {
    if (secret?.kind === 'token') void sitterQueue.flush();
  }, [secret]);

  const ended = gone && (secret?.kind === 'token' || !storedToken());
  const title = view ? `Sitter for ${view.patientFirstName}` : 'Sitter';
  return (
    <Stack gap="md">
      <HelpBar
        title={title}
        numbers={view?.help ?? null}
        record={
          secret && !ended
            ? () =>
                sendSitter({
                  method: 'POST',
                  path: '/api/sitter/help',
                  body: {},
                  label: 'Help tapped',
                  answers: 'help',
                })
            : null
        }
      />
      <PendingWrites writes={writes} queue={sitterQueue} />
      {secret === null ? <EnterCode onCode={(code) => setSecret({ kind: 'code', value: code })} /> : null}
      {thanked ? <ThankYou patient={thanked} /> : ended ? <Ended /> : null}
      {secret && !ended && query.isPending ? <Loading label="Opening the session" /> : null}
      {query.error && !gone && !view ? (
        <ErrorAlert error={query.error} title="The session could not be opened" />
      ) : null}
      {query.error && !gone && view ? (
        <Text size="sm" c="dimmed" role="status">
          No connection: showing what this phone last heard.
        </Text>
      ) : null}
      {view && !ended && secret?.kind === 'code' ? (
        <Confirm
          view={view}
          code={secret.value}
          onConfirmed={(token) => setSecret({ kind: 'token', value: token })}
        />
      ) : null}
      {view && !ended && !thanked && secret?.kind === 'token' ? (
        <Session view={view} onCheckedOut={() => setThanked(view.patientFirstName)} />
      ) : null}
    </Stack>
  );
}
