import {
  Alert,
  Button,
  Checkbox,
  Collapse,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { countResult, supplyView } from '../../../contracts/athome-supply';
import {
  DISPOSAL_METHODS,
  DISPOSAL_SOURCE,
  DISPOSAL_WORDS,
  type DisposalMethod,
} from '../../../domain/athome';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, localToday } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type CountResult, supplyPath, useRefreshAtHome, useSupply } from './athome-query';
import { Facts } from './TimelineSection';

const enc = encodeURIComponent;
const troches = (n: number) => `${n} troche${n === 1 ? '' : 's'}`;
const countError = (v: number | '') =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000
    ? null
    : 'Enter the number of troches (0 to 1000)';

/** A patient-reported disposal: how, when and how many. Never stock coming back into the clinic's ledger. */
function DisposalForm({
  patientId,
  courseId,
  onDone,
}: {
  patientId: string;
  courseId: string;
  onDone: () => void;
}) {
  const refresh = useRefreshAtHome();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: {
      method: '' as DisposalMethod | '',
      disposedOn: localToday(),
      count: '' as number | '',
      note: '',
    },
    validate: {
      method: (v) => (v ? null : 'Choose how the patient disposed of them'),
      disposedOn: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date'),
      count: (v) =>
        typeof v === 'number' && v >= 1 ? countError(v) : 'Enter the number of troches (at least 1)',
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(
        `/api/patients/${enc(patientId)}/at-home-disposals`,
        {
          courseId,
          method: v.method,
          disposedOn: v.disposedOn,
          count: v.count,
          ...(v.note.trim() ? { note: v.note.trim() } : {}),
        },
        { schema: supplyView },
      ),
    onSuccess: async () => {
      await refresh(patientId);
      form.reset();
      notify({
        color: 'green',
        title: 'Disposal recorded',
        message: 'The patient’s report is on the course.',
      });
      onDone();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  return (
    <form
      noValidate
      aria-label="Record a patient-reported disposal"
      onSubmit={form.onSubmit((v) => save.mutate(v))}
    >
      <Stack gap="sm">
        <Title order={5} size="h6">
          Record a patient-reported disposal
        </Title>
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
          The patient cannot hand troches back to the clinic: this records what they report, never stock
          returned. {DISPOSAL_SOURCE}.
        </Alert>
        <Select
          size="md"
          label="How"
          required
          w={420}
          data={DISPOSAL_METHODS.map((m) => ({ value: m, label: DISPOSAL_WORDS[m] }))}
          {...form.getInputProps('method')}
        />
        <Group align="flex-start" wrap="wrap">
          <TextInput label="Date" type="date" required w={180} {...form.getInputProps('disposedOn')} />
          <NumberInput
            size="md"
            label="Troches"
            required
            min={1}
            max={1000}
            allowDecimal={false}
            w={140}
            {...form.getInputProps('count')}
          />
        </Group>
        <TextInput label="Note (optional)" {...form.getInputProps('note')} />
        {save.error ? (
          <ErrorAlert
            error={save.error}
            extra={unplaced}
            fieldLabels={{ method: 'How', disposedOn: 'Date', count: 'Troches' }}
          />
        ) : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Record the disposal
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The patient's own count compared with the record; a mismatch opens a task for the prescriber. */
function CountForm({ patientId, courseId }: { patientId: string; courseId: string }) {
  const refresh = useRefreshAtHome();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [result, setResult] = useState<CountResult | null>(null);
  const form = useForm({
    initialValues: { count: '' as number | '', atCourseEnd: false },
    validate: { count: countError },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(
        `${supplyPath(patientId)}/counts`,
        { courseId, count: v.count, atCourseEnd: v.atCourseEnd },
        { schema: countResult },
      ),
    onSuccess: async (r) => {
      setResult(r);
      await refresh(patientId);
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  return (
    <form noValidate aria-label="Record the patient’s count" onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        <Title order={5} size="h6">
          Record the patient’s count
        </Title>
        <NumberInput
          size="md"
          label="Troches the patient counted"
          required
          min={0}
          max={1000}
          allowDecimal={false}
          w={300}
          {...form.getInputProps('count')}
        />
        <Checkbox
          label="This is the count at the end of the course"
          {...form.getInputProps('atCourseEnd', { type: 'checkbox' })}
        />
        {save.error ? (
          <ErrorAlert error={save.error} extra={unplaced} fieldLabels={{ count: 'Troches counted' }} />
        ) : null}
        {result ? (
          <Alert
            color={result.matches ? 'green' : 'red'}
            variant="light"
            role="status"
            icon={
              result.matches ? (
                <IconCircleCheck aria-hidden="true" />
              ) : (
                <IconAlertTriangle aria-hidden="true" />
              )
            }
            title={result.matches ? 'The count matches the record' : 'The count does not match the record'}
            data-testid="count-result"
          >
            {result.message ?? `The patient should hold ${troches(result.supply.expected)}.`}
            {result.taskId ? ' A task is open for the prescriber.' : ''}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            Compare the count
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Take-home supply reconciliation (DOMAIN §9): dispensed through the ledger, taken per session, disposed of by
 * the patient, and what the patient should hold now.
 */
export function SupplySection({
  patientId,
  courseId,
  canWrite,
}: {
  patientId: string;
  courseId: string;
  canWrite: boolean;
}) {
  const q = useSupply(patientId);
  const [open, setOpen] = useState<'disposal' | 'count' | null>(null);
  const s = q.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby={`supply-${courseId}`} data-testid="athome-supply">
      <Title order={4} size="h5" id={`supply-${courseId}`}>
        Take-home supply
      </Title>
      {q.isPending ? <Loading label="Loading the take-home supply" /> : null}
      <ErrorAlert error={q.error} title="Could not load the take-home supply" />
      {s ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            {(
              [
                ['Dispensed', s.dispensed],
                ['Taken', s.taken],
                ['Disposed of', s.disposed],
                ['Should hold', s.expected],
              ] as const
            ).map(([label, value]) => (
              <Paper
                key={label}
                withBorder
                radius="md"
                p="sm"
                data-testid={`supply-${label.toLowerCase().replace(/ /g, '-')}`}
              >
                <Text size="sm">{label}</Text>
                <Text fz="1.5rem" fw={700} lh={1.2}>
                  {value}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {s.overdrawn ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle aria-hidden="true" />}
              title="More taken and disposed of than dispensed"
            >
              The record does not add up: check the ledger’s dispensing and the sessions’ doses.
            </Alert>
          ) : null}
          <Facts
            items={[
              [
                'Dispensed',
                s.dispensations
                  .map((d) => `${formatDateTime(d.at)}: ${troches(d.troches)} (${d.productName})`)
                  .join('; ') || 'none yet',
              ],
              [
                'Taken',
                s.sessions
                  .map((x) => `session ${x.number}, ${formatDateTime(x.takenAt)}: ${troches(x.troches)}`)
                  .join('; ') || 'none yet',
              ],
              [
                'Disposed of (patient’s report)',
                s.disposals
                  .map(
                    (d) =>
                      `${formatDate(d.disposedOn)}: ${troches(d.count)}, ${DISPOSAL_WORDS[d.method]} (reported ${d.reportedVia === 'patient' ? 'by the patient on the portal' : 'to the care team'})`,
                  )
                  .join('; ') || 'none',
              ],
            ]}
          />
        </>
      ) : null}
      {canWrite ? (
        <>
          <Group gap="sm">
            <Button
              variant={open === 'disposal' ? 'filled' : 'default'}
              onClick={() => setOpen(open === 'disposal' ? null : 'disposal')}
              aria-expanded={open === 'disposal'}
            >
              Record a disposal
            </Button>
            <Button
              variant={open === 'count' ? 'filled' : 'default'}
              onClick={() => setOpen(open === 'count' ? null : 'count')}
              aria-expanded={open === 'count'}
            >
              Record a count
            </Button>
          </Group>
          <Collapse expanded={open === 'disposal'}>
            <Paper withBorder radius="md" p="md">
              <DisposalForm patientId={patientId} courseId={courseId} onDone={() => setOpen(null)} />
            </Paper>
          </Collapse>
          <Collapse expanded={open === 'count'}>
            <Paper withBorder radius="md" p="md">
              <CountForm patientId={patientId} courseId={courseId} />
            </Paper>
          </Collapse>
        </>
      ) : null}
    </Stack>
  );
}
