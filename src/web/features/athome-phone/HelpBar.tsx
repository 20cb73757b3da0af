import { Alert, Box, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCloudOff,
  IconLifebuoy,
  IconPhone,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../../lib/api';
import { NO_SHRINK, WRAP_BUTTON } from './styles';
import type { SendResult } from './write-queue';

export interface Numbers {
  onCallPhone: string | null;
  message: string;
}

const FALLBACK_MESSAGE =
  'If you are in danger or cannot wake the patient, call 911 now. For a mental-health crisis call or text 988.';

type Recorded =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'sent' }
  | { state: 'queued' }
  | {
      state: 'failed';
      error: string;
    };

/**
 * The Help button of every at-home screen, always in view at the top (UX.md: crisis resources one tap away).
 * Tapping it tells the on-call clinician at once (the tap is recorded and opens an urgent task) and shows the
 * numbers to call as links a phone dials: the clinic's on-call number, 988 and 911.
 */
export function HelpBar({
  title,
  numbers,
  record,
}: {
  title: ReactNode;
  numbers: Numbers | null;
  /** Records the tap (null: nothing to record it against, e.g. a link that has ended). */
  record: (() => Promise<SendResult>) | null;
}) {
  const [open, setOpen] = useState(false);
  const [recorded, setRecorded] = useState<Recorded>({ state: 'idle' });
  const tap = () => {
    setOpen(true);
    if (!record) return;
    setRecorded({ state: 'sending' });
    record().then(
      (r) => setRecorded({ state: r.queued ? 'queued' : 'sent' }),
      (err) => setRecorded({ state: 'failed', error: errorMessage(err) }),
    );
  };
  return (
    <>
      <Box
        role="region"
        aria-label="Help"
        py={6}
        mx={{ base: -16, xs: 0 }}
        px={{ base: 'sm', xs: 0 }}
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          background: 'var(--mantine-color-body)',
          borderBottom: '1px solid var(--mantine-color-default-border)',
        }}
        data-testid="help-bar"
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm" miw={0} style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Text>
          <Button
            color="red"
            size="md"
            miw={96}
            leftSection={<IconLifebuoy size={20} aria-hidden="true" />}
            onClick={tap}
            style={NO_SHRINK}
            data-testid="help-button"
          >
            Help
          </Button>
        </Group>
      </Box>
      <Modal opened={open} onClose={() => setOpen(false)} title="Help" fullScreen={false} centered size="md">
        <HelpNumbers numbers={numbers} recorded={recorded} />
      </Modal>
    </>
  );
}

function RecordedLine({ recorded }: { recorded: Recorded }) {
  switch (recorded.state) {
    case 'sending':
      return (
        <Group gap="xs" wrap="nowrap" role="status">
          <Loader size="xs" aria-hidden="true" />
          <Text size="sm">Telling your care team…</Text>
        </Group>
      );
    case 'sent':
      return (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />} role="status">
          The on-call clinician has been alerted and will call you.
        </Alert>
      );
    case 'queued':
      return (
        <Alert color="orange" variant="light" icon={<IconCloudOff aria-hidden="true" />} role="status">
          No connection: the alert is not sent yet and goes as soon as the phone is back online. Call now if
          you need help.
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
          The care team could not be alerted ({recorded.error}). Call them now.
        </Alert>
      );
    default:
      return null;
  }
}

/** The numbers to call, as big buttons a phone dials. */
export function HelpNumbers({ numbers, recorded }: { numbers: Numbers | null; recorded?: Recorded }) {
  const onCall = numbers?.onCallPhone;
  return (
    <Stack gap="md" data-testid="help-numbers">
      <Text>{numbers?.message ?? FALLBACK_MESSAGE}</Text>
      {recorded ? <RecordedLine recorded={recorded} /> : null}
      <Button
        component="a"
        href="tel:911"
        color="red"
        size="lg"
        fullWidth
        styles={WRAP_BUTTON}
        leftSection={<IconPhone size={20} aria-hidden="true" />}
      >
        Call 911 — emergency
      </Button>
      <Button
        component="a"
        href="tel:988"
        variant="default"
        size="lg"
        fullWidth
        styles={WRAP_BUTTON}
        leftSection={<IconPhone size={20} aria-hidden="true" />}
      >
        Call or text 988 — crisis line
      </Button>
      {onCall ? (
        <Button
          component="a"
          href={`tel:${onCall.replace(/[^+0-9]/g, '')}`}
          variant="default"
          size="lg"
          fullWidth
          styles={WRAP_BUTTON}
          leftSection={<IconPhone size={20} aria-hidden="true" />}
        >
          {`Call the clinic on call: ${onCall}`}
        </Button>
      ) : null}
    </Stack>
  );
}
