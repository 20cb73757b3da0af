import { Alert, Button, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconHourglass } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { formatCountdown } from '../../lib/format';
import { useNow } from '../sessions/use-now';
import { type AtHomeSession, sendPatient, usePatientWrites } from './patient-api';
import { StepFrame } from './StepFrame';
import { clockTime, plainTimes } from './words';

type Field = 'sbp' | 'dbp' | 'hr';
const FIELDS: { key: Field; label: string; description: string }[] = [
  { key: 'sbp', label: 'Top number (systolic)', description: 'mmHg, e.g. 120' },
  { key: 'dbp', label: 'Bottom number (diastolic)', description: 'mmHg, e.g. 80' },
  { key: 'hr', label: 'Pulse', description: 'Beats a minute, e.g. 70' },
];
const NAME: Record<Field, string> = { sbp: 'the top number', dbp: 'the bottom number', hr: 'your pulse' };

/** The high reading and the rule it crossed, and the countdown to the re-check (UX.md: show the rule). */
function HighReading({ session, now }: { session: AtHomeSession; now: number }) {
  const last = session.checkIn.readings.at(-1);
  const d = session.checkIn.decision;
  const at = session.checkIn.recheckAt;
  const left = at ? Date.parse(at) - now : 0;
  const restMinutes =
    at && last ? Math.max(1, Math.round((Date.parse(at) - Date.parse(last.at)) / 60_000)) : 5;
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlertTriangle aria-hidden="true" />}
        title="Your reading is high: do not take the dose yet"
        data-testid="reading-high"
      >
        <Stack gap="xs">
          {last ? (
            <Text size="sm">
              {`Your reading at ${clockTime(last.at)}: ${last.sbp}/${last.dbp}, pulse ${last.hr}.`}
            </Text>
          ) : null}
          <List size="sm">
            {(d?.reasons ?? []).map((r) => (
              <List.Item key={r}>{plainTimes(r)}</List.Item>
            ))}
          </List>
        </Stack>
      </Alert>
      {at && left > 0 ? (
        <Stack gap={4} align="center" py="sm" data-testid="recheck-countdown">
          <IconHourglass size={28} aria-hidden="true" />
          <Text size="lg" fw={600} ta="center">
            Rest, then measure again
          </Text>
          <Text ta="center">
            {`Sit quietly with your feet flat and your arm resting for ${restMinutes} minutes. Your re-check opens at ${clockTime(at)}.`}
          </Text>
          <Text fz={40} fw={700} ff="monospace" aria-hidden="true">
            {formatCountdown(left)}
          </Text>
          <Text size="sm" c="dimmed" role="timer" aria-live="off">
            {`${Math.ceil(left / 60_000)} min to wait`}
          </Text>
        </Stack>
      ) : null}
    </Stack>
  );
}

/**
 * Step 3: the home blood pressure and pulse, typed from the cuff on a numeric keypad. The server judges them
 * (an implausible value is refused with its message next to the field); a high reading asks for a re-check
 * after the rule's interval, counted down on screen, and the re-check is taken here when it opens.
 */
export function ReadingStep({
  session,
  onSaved,
  onBack,
  focusOnMount,
}: {
  session: AtHomeSession;
  onSaved: () => void;
  onBack: () => void;
  focusOnMount: boolean;
}) {
  const now = useNow(1000);
  const recheck = session.state === 'recheck';
  const waiting =
    recheck && session.checkIn.recheckAt !== null && Date.parse(session.checkIn.recheckAt) > now;
  const [values, setValues] = useState<Record<Field, string>>({ sbp: '', dbp: '', hr: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const last = session.checkIn.readings.at(-1);
  const [fresh, setFresh] = useState(false);
  // Come back to this step with a reading already sent: it stands unless a new one is taken.
  const kept = !recheck && last && !fresh ? last : null;
  const queued = usePatientWrites(session.id).some((w) => w.answers === 'reading' && w.status === 'pending');

  const submit = async () => {
    const e: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) {
      const v = values[f.key].trim();
      if (!v) e[f.key] = `Enter ${NAME[f.key]}`;
      else if (!/^\d{1,3}$/.test(v)) e[f.key] = `Enter ${NAME[f.key]} in whole numbers`;
    }
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await sendPatient(session.id, {
        method: 'POST',
        path: '/check-in/readings',
        body: { sbp: Number(values.sbp), dbp: Number(values.dbp), hr: Number(values.hr) },
        label: `${recheck ? 'Re-check' : 'Reading'} ${values.sbp}/${values.dbp}, pulse ${values.hr}`,
        answers: 'reading',
      });
      setValues({ sbp: '', dbp: '', hr: '' });
      if (!r.queued) onSaved();
    } catch (err) {
      // The server's own words for an implausible value, next to the field it names.
      if (err instanceof ApiError && err.fieldErrors.length) {
        const placed: Partial<Record<Field, string>> = {};
        for (const f of err.fieldErrors) {
          const k = f.field.replace(/^body\./, '');
          if (k === 'sbp' || k === 'dbp' || k === 'hr') placed[k] = f.message;
        }
        setErrors(placed);
        if (Object.keys(placed).length === err.fieldErrors.length) return;
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const form = (
    <Stack gap="md">
      {recheck ? (
        <Title order={3} size="h4">
          Your re-check
        </Title>
      ) : (
        <Text>
          Sit quietly for 5 minutes with your arm resting at heart level, then measure with your cuff and type
          the three numbers it shows.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        {FIELDS.map((f) => (
          <TextInput
            key={f.key}
            name={f.key}
            label={f.label}
            description={f.description}
            inputMode="numeric"
            autoComplete="off"
            size="md"
            value={values[f.key]}
            onChange={(ev) => {
              setValues({ ...values, [f.key]: ev.currentTarget.value });
              if (errors[f.key]) setErrors({ ...errors, [f.key]: undefined });
            }}
            error={errors[f.key]}
            withAsterisk
          />
        ))}
      </SimpleGrid>
      <ErrorAlert error={error} title="Your reading was not saved" />
    </Stack>
  );

  return (
    <StepFrame
      step="reading"
      title={recheck ? 'Re-check your blood pressure' : 'Your blood pressure and pulse'}
      focusOnMount={focusOnMount}
      onBack={recheck ? undefined : onBack}
      next={
        queued || waiting
          ? undefined
          : kept
            ? { label: 'Next', onClick: onSaved }
            : {
                label: recheck ? 'Send re-check' : 'Send reading',
                onClick: () => void submit(),
                loading: busy,
              }
      }
    >
      {recheck ? <HighReading session={session} now={now} /> : null}
      {queued ? (
        <Alert color="orange" variant="light" title="Your reading is not sent yet" role="status">
          It is kept on this phone and goes as soon as you are back online. Do not take anything until this
          check-in says you have the go.
        </Alert>
      ) : waiting ? null : kept ? (
        <Stack gap="xs" align="start">
          <Text>{`Your reading at ${clockTime(kept.at)}: ${kept.sbp}/${kept.dbp}, pulse ${kept.hr}.`}</Text>
          <Button variant="default" onClick={() => setFresh(true)}>
            Take a new reading
          </Button>
        </Stack>
      ) : (
        form
      )}
    </StepFrame>
  );
}
