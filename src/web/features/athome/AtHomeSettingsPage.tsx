import {
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { atHomeSettingsBody, atHomeSettingsView } from '../../../contracts/athome';
import { type AtHomeSettings, DEFAULT_AT_HOME_SETTINGS } from '../../../domain/athome';
import { BasisBadge } from '../../components/BasisBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { notify } from '../../lib/notify';
import { useUsers } from '../admin/users-query';
import { type SettingsView, settingsKey, useAtHomeSettings } from './athome-query';

interface Values {
  goBy: AtHomeSettings['goBy'];
  /** Typed as "30, 60". */
  checkInMinutes: string;
  sitterCheckEveryMinutes: number | '';
  graceMinutes: number | '';
  minimumSessionMinutes: number | '';
  checkInOpensMinutesBefore: number | '';
  onCallUserId: string;
  onCallPhone: string;
}

const toValues = (v: SettingsView): Values => ({
  ...v.program,
  checkInMinutes: v.program.checkInMinutes.join(', '),
  onCallUserId: v.onCallUserId ?? '',
  onCallPhone: v.onCallPhone ?? '',
});

function toBody(v: Values): unknown {
  const minutes = v.checkInMinutes
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((m) => (/^\d+$/.test(m) ? Number(m) : Number.NaN));
  return {
    program: {
      goBy: v.goBy,
      checkInMinutes: minutes,
      sitterCheckEveryMinutes: v.sitterCheckEveryMinutes,
      graceMinutes: v.graceMinutes,
      minimumSessionMinutes: v.minimumSessionMinutes,
      checkInOpensMinutesBefore: v.checkInOpensMinutesBefore,
    },
    onCallUserId: v.onCallUserId || null,
    onCallPhone: v.onCallPhone.trim() || null,
  };
}

/** The form's field for an API path: program.graceMinutes → graceMinutes; a check-in minute → the minutes field. */
const fieldOf = (path: string) =>
  path
    .replace(/^body\./, '')
    .replace(/^program\./, '')
    .replace(/^checkInMinutes\..*/, 'checkInMinutes');

function validate(v: Values) {
  const r = atHomeSettingsBody.safeParse(toBody(v));
  if (r.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = fieldOf(issue.path.map(String).join('.'));
    errors[key] ??=
      key === 'checkInMinutes' && issue.code === 'invalid_type'
        ? 'Minutes as whole numbers, separated by commas (e.g. 30, 60)'
        : issue.message.startsWith('Invalid') || issue.message.startsWith('Too')
          ? 'Enter a number in the allowed range'
          : issue.message;
  }
  return errors;
}

/** A setting with its source beside it (DOMAIN §3: each default shows where it comes from). */
function Setting({
  view,
  name,
  children,
}: {
  view: SettingsView;
  name: keyof AtHomeSettings;
  children: ReactNode;
}) {
  const src = view.sources[name];
  const def = DEFAULT_AT_HOME_SETTINGS[name];
  return (
    <Group align="flex-start" wrap="wrap" gap="lg" data-testid={`setting-${name}`}>
      <div style={{ flex: '1 1 280px', minWidth: 0 }}>{children}</div>
      <Stack gap={4} style={{ flex: '1 1 320px' }}>
        {src ? <BasisBadge policy={src.basis === 'policy'} size="sm" /> : null}
        <Text size="sm">
          Default:{' '}
          {Array.isArray(def)
            ? def.join(', ')
            : def === 'clinician'
              ? 'a clinician gives the go'
              : def === 'rules'
                ? 'the rules give the go'
                : String(def)}
          {typeof def === 'number' ? ' min' : Array.isArray(def) ? ' min after the dose' : ''}.
        </Text>
        {src ? (
          <Text size="sm" c="dimmed">
            Source: {src.source}
          </Text>
        ) : null}
      </Stack>
    </Group>
  );
}

function SettingsForm({ view }: { view: SettingsView }) {
  const qc = useQueryClient();
  const users = useUsers();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<Values>({ initialValues: toValues(view), validate });
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.put('/api/admin/at-home/settings', toBody(v), { schema: atHomeSettingsView }),
    onSuccess: (next) => {
      qc.setQueryData(settingsKey, next);
      form.resetDirty(toValues(next));
      notify({
        color: 'green',
        title: 'Settings saved',
        message: 'New at-home sessions follow them at once.',
      });
    },
    onError: (err) => {
      const out = applyServerErrors(
        {
          getValues: () => ({ ...form.getValues(), program: true }),
          setErrors: (e) =>
            form.setErrors(Object.fromEntries(Object.entries(e).map(([k, m]) => [fieldOf(k), m]))),
        },
        err,
      );
      setUnplaced(out);
    },
  });
  const staff = (users.data?.users ?? []).filter(
    (u) => u.status === 'active' && (u.role === 'prescriber' || u.role === 'nurse'),
  );
  const num = (name: keyof Values, label: string, min: number, max: number) => (
    <NumberInput
      size="md"
      label={label}
      required
      min={min}
      max={max}
      allowDecimal={false}
      w={220}
      {...form.getInputProps(name)}
    />
  );
  return (
    <form noValidate aria-label="At-home program settings" onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="lg">
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="athome-program-h">
          <Stack gap="lg">
            <Title order={2} size="h3" id="athome-program-h">
              Program
            </Title>
            <Setting view={view} name="goBy">
              <Radio.Group
                label="Who gives the go after a clean check-in"
                required
                {...form.getInputProps('goBy')}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="clinician" label="A clinician gives each go" />
                  <Radio
                    value="rules"
                    label="The clinic’s rules give the go at once (the order must be signed)"
                  />
                </Stack>
              </Radio.Group>
            </Setting>
            <Setting view={view} name="checkInMinutes">
              <TextInput
                label="Timed check-ins (minutes after the dose)"
                description="Separated by commas, e.g. 30, 60"
                w={300}
                {...form.getInputProps('checkInMinutes')}
              />
            </Setting>
            <Setting view={view} name="sitterCheckEveryMinutes">
              {num('sitterCheckEveryMinutes', 'Sitter’s visual check every (min)', 5, 120)}
            </Setting>
            <Setting view={view} name="graceMinutes">
              {num('graceMinutes', 'Grace before a missed item escalates (min)', 1, 120)}
            </Setting>
            <Setting view={view} name="minimumSessionMinutes">
              {num('minimumSessionMinutes', 'Earliest check-out after the dose (min)', 30, 720)}
            </Setting>
            <Setting view={view} name="checkInOpensMinutesBefore">
              {num('checkInOpensMinutesBefore', 'Check-in opens before the booked time (min)', 0, 1440)}
            </Setting>
            <Text size="sm">
              The home blood-pressure and pulse limits are the at-home check-in rules in{' '}
              <Anchor component={Link} to="/app/admin/rules">
                Safety rules
              </Anchor>
              , each with its source.
            </Text>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="athome-oncall-h">
          <Stack gap="md">
            <Title order={2} size="h3" id="athome-oncall-h">
              On call
            </Title>
            <Text size="sm">
              Escalations (a missed check-in, a “not OK”, a hold, a help tap) go to this clinician, on Today
              and by email without patient details. Patients and sitters see the phone number on their help
              screen.
            </Text>
            <ErrorAlert error={users.error} title="Could not load the staff list" />
            <Group align="flex-start" wrap="wrap">
              <Select
                size="md"
                label="On-call clinician"
                placeholder="Nobody"
                data={staff.map((u) => ({
                  value: u.id,
                  label: `${u.name} (${u.role === 'nurse' ? 'nurse' : 'prescriber'})`,
                }))}
                clearable
                w={320}
                {...form.getInputProps('onCallUserId')}
              />
              <TextInput label="On-call phone" type="tel" w={240} {...form.getInputProps('onCallPhone')} />
            </Group>
          </Stack>
        </Card>
        {save.error ? <ErrorAlert error={save.error} extra={unplaced} /> : null}
        <Group>
          <Button
            type="submit"
            loading={save.isPending}
            leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
          >
            Save the settings
          </Button>
          {form.isDirty() ? <Text size="sm">Unsaved changes.</Text> : null}
        </Group>
      </Stack>
    </form>
  );
}

/** Admin → At-home program (issue #16): the program's settings with their sources, and who is on call. */
export default function AtHomeSettingsPage() {
  const q = useAtHomeSettings();
  return (
    <Stack gap="lg" maw={1100}>
      <PageTitle mb={0}>At-home program</PageTitle>
      <Text maw={760}>
        How at-home sublingual sessions run: who gives the go, when check-ins fall due and escalate, and who
        is on call. The clinic owns its protocol; each default says where it comes from.
      </Text>
      {q.isPending ? <Loading label="Loading the at-home settings" /> : null}
      <ErrorAlert error={q.error} title="Could not load the at-home settings" />
      {q.data ? <SettingsForm view={q.data} /> : null}
    </Stack>
  );
}
