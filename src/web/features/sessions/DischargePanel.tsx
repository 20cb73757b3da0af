import { Alert, Button, Checkbox, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconClockPause, IconDoorExit } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateBadge } from '../../components/StateBadge';
import { ApiError, api } from '../../lib/api';
import { formatCountdown, formatTime } from '../../lib/format';
import { MET, NOT_MET } from '../courses/labels';
import { Section } from './Section';
import { type ConsoleState, consoleKey, sessionPath } from './session-query';
import { useNow } from './use-now';

const AUTOMATIC = ['minimum_monitoring', 'vitals_near_baseline', 'sedation_resolved'];
const WAITING = { label: 'Not yet', color: 'yellow', Icon: IconClockPause };

/**
 * Discharge readiness (DOMAIN §3): the server's check of monitoring time, vitals against baseline and
 * sedation, plus the nurse's confirmations. Esketamine cannot be discharged before 120 minutes.
 */
/** The discharge form's fields as the nurse reads them (a refusal names the field by these words). */
const DISCHARGE_FIELDS: Record<string, string> = {
  oriented: 'Oriented',
  walksSafely: 'Walks safely',
  sedationResolved: 'Sedation resolved',
  dissociationResolved: 'Dissociation resolved',
  escortName: 'Escort taking the patient home',
  acknowledgedNoDriving: 'No driving or machinery until the next day',
  readyToLeaveAt: 'Time ready to leave',
  readyWithoutMinimumMinutes: 'Ready without the 2-hour minimum',
};

export function DischargePanel({ state }: { state: ConsoleState }) {
  const now = useNow(state.session.route === 'esketamine' ? 1000 : 60_000);
  const { session, permissions } = state;
  const qc = useQueryClient();
  const [v, setV] = useState({
    oriented: false,
    walksSafely: false,
    sedationResolved: false,
    dissociationResolved: false,
    acknowledgedNoDriving: false,
  });
  const [escort, setEscort] = useState(session.checklist?.escortName ?? '');
  const [readyMinutes, setReadyMinutes] = useState('');
  const esketamine = session.route === 'esketamine';
  const discharge = useMutation({
    mutationFn: () =>
      api.post(`${sessionPath(session.patientId, session.id)}/discharge`, {
        ...v,
        acknowledgedNoDriving: v.acknowledgedNoDriving || undefined,
        escortName: escort.trim(),
        readyToLeaveAt: new Date().toISOString(),
        ...(esketamine && readyMinutes.trim() ? { readyWithoutMinimumMinutes: Number(readyMinutes) } : {}),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: consoleKey(session.patientId, session.id) }),
  });

  if (!session.firstDoseAt) return null;
  if (session.dischargedAt) {
    const d = session.discharge as {
      escortName?: string;
      totalMonitoringMinutes?: number;
      readyWithoutMinimumMinutes?: number;
    } | null;
    return (
      <Section id="discharge" title="Discharge" look={{ ...MET, label: 'Discharged' }}>
        <Text size="lg" data-testid="discharge-summary">
          Left at {formatTime(session.dischargedAt)} with {d?.escortName ?? 'an escort'} after{' '}
          {d?.totalMonitoringMinutes ?? '—'} minutes of monitoring
          {d?.readyWithoutMinimumMinutes !== undefined
            ? `; without the 2-hour minimum, ready at minute ${d.readyWithoutMinimumMinutes}`
            : ''}
          .
        </Text>
      </Section>
    );
  }

  const serverItems = (state.discharge?.items ?? []).filter((i) => AUTOMATIC.includes(i.id));
  const refused =
    discharge.error instanceof ApiError && discharge.error.status === 409 ? discharge.error.fieldErrors : [];
  const minimumAt = Date.parse(session.firstDoseAt) + state.cadence.minimumMonitoringMinutes * 60_000;
  const tooEarly = esketamine && now < minimumAt;
  const box = (key: keyof typeof v, label: string) => (
    <Checkbox
      size="lg"
      label={label}
      checked={v[key]}
      onChange={(e) => {
        const checked = e.currentTarget.checked;
        setV((prev) => ({ ...prev, [key]: checked }));
      }}
    />
  );
  const allReady = serverItems.every((i) => i.ok);

  return (
    <Section
      id="discharge"
      title="Discharge"
      look={allReady ? { ...MET, label: 'Criteria met so far' } : WAITING}
    >
      <List spacing="xs" listStyleType="none" aria-label="Checked by the system">
        {serverItems.map((i) => (
          <List.Item key={i.id} data-testid="discharge-item">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <StateBadge look={i.ok ? MET : NOT_MET} size="md" />
              <Text>{i.message}</Text>
            </Group>
          </List.Item>
        ))}
      </List>
      {permissions.canRun && !session.locked ? (
        <form
          noValidate
          aria-label="Discharge"
          onSubmit={(e) => {
            e.preventDefault();
            discharge.mutate();
          }}
        >
          <Stack>
            {box('oriented', 'Oriented to person, place and time')}
            {box('walksSafely', 'Walks safely without help')}
            {box('sedationResolved', 'Sedation resolved')}
            {box('dissociationResolved', 'Dissociation resolved')}
            <TextInput
              size="lg"
              label="Escort taking the patient home"
              value={escort}
              onChange={(e) => setEscort(e.currentTarget.value)}
              maw={420}
            />
            {box(
              'acknowledgedNoDriving',
              'The patient acknowledges: no driving or machinery until the next day after restful sleep',
            )}
            {esketamine ? (
              <TextInput
                size="lg"
                inputMode="numeric"
                maw={420}
                label="Without the 2-hour minimum, when would the patient have been ready to leave? (minutes after the first device)"
                description="Asked by the esketamine REMS monitoring form"
                value={readyMinutes}
                onChange={(e) => setReadyMinutes(e.currentTarget.value)}
              />
            ) : null}
            {refused.length ? (
              <Alert color="red" variant="light" role="alert" title="Not ready for discharge yet">
                <List size="sm">
                  {refused.map((f) => (
                    <List.Item key={f.field}>{f.message}</List.Item>
                  ))}
                </List>
              </Alert>
            ) : null}
            {discharge.error && !refused.length ? (
              <ErrorAlert error={discharge.error} fieldLabels={DISCHARGE_FIELDS} />
            ) : null}
            {tooEarly ? (
              <Text size="lg" fw={600} data-testid="discharge-wait">
                Esketamine: discharge from {formatTime(new Date(minimumAt).toISOString())} (in{' '}
                {formatCountdown(minimumAt - now)}), at least {state.cadence.minimumMonitoringMinutes} minutes
                after the first device (Spravato label and REMS).
              </Text>
            ) : null}
            <Button
              type="submit"
              size="lg"
              w="fit-content"
              leftSection={<IconDoorExit size={20} aria-hidden="true" />}
              loading={discharge.isPending}
              disabled={tooEarly}
            >
              Discharge the patient
            </Button>
          </Stack>
        </form>
      ) : null}
    </Section>
  );
}
