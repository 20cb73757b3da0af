import {
  Button,
  Card,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { assignBody, assignResult } from '../../../contracts/measures';
import { isSessionRating } from '../../../domain/instruments/experience';
import { planSchedule, SCHEDULE_POLICY, type ScheduleRequest } from '../../../domain/measures/schedule';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { KIND_LABELS, shortName } from './labels';
import { measuresKey, measuresPath, useInstruments } from './measures-query';

type Kind = z.infer<typeof assignBody>['schedule']['kind'];
const KINDS: { value: Kind; label: string; hint: string }[] = [
  {
    value: 'once',
    label: 'Once',
    hint: `Overdue ${SCHEDULE_POLICY.overdueAfterDays.once} days after it opens, unless you set a date.`,
  },
  {
    value: 'intake',
    label: 'At intake (baseline)',
    hint: `The baseline score; overdue ${SCHEDULE_POLICY.overdueAfterDays.intake} days after it opens.`,
  },
  {
    value: 'before_dosing',
    label: 'Before each dosing session',
    hint: `Opens ${SCHEDULE_POLICY.beforeDosingOpensDaysBefore} days before each session and is overdue on the session day.`,
  },
  {
    value: 'weekly',
    label: 'Weekly during the course',
    hint: 'Every 7 days after the course starts (the start is covered by intake).',
  },
  {
    value: 'follow_up',
    label: 'Follow-up after the course',
    hint: `At 1, 3 and 6 months after the course ends; overdue ${SCHEDULE_POLICY.overdueAfterDays.follow_up} days later.`,
  },
  {
    value: 'course',
    label: 'The whole course',
    hint: 'Intake, before each session, weekly, then 1, 3 and 6 months after: the usual measurement-based care schedule.',
  },
];
const MONTHS = ['1', '3', '6'] as const;

interface Values {
  instrumentIds: string[];
  kind: Kind;
  dueOn: string;
  overdueOn: string;
  courseStart: string;
  courseEnd: string;
  intakeOn: string;
  sessionDates: string[];
  months: string[];
}

function scheduleOf(v: Values): unknown {
  const opt = (s: string) => (s ? s : undefined);
  const dates = v.sessionDates.filter(Boolean);
  switch (v.kind) {
    case 'once':
      return { kind: 'once', dueOn: opt(v.dueOn), overdueOn: opt(v.overdueOn) };
    case 'intake':
      return { kind: 'intake', dueOn: opt(v.dueOn) };
    case 'before_dosing':
      return { kind: 'before_dosing', sessionDates: dates };
    case 'weekly':
      return { kind: 'weekly', courseStart: v.courseStart, courseEnd: v.courseEnd };
    case 'follow_up':
      return { kind: 'follow_up', courseEnd: v.courseEnd, months: v.months.map(Number) };
    default:
      return {
        kind: 'course',
        courseStart: v.courseStart,
        courseEnd: v.courseEnd,
        sessionDates: dates,
        intakeOn: opt(v.intakeOn),
      };
  }
}

/** The server opens one-off and intake measures today when no date is given; the preview does the same. */
function withDefaults(s: z.infer<typeof assignBody>['schedule'], today: string): ScheduleRequest {
  if (s.kind === 'once' || s.kind === 'intake') return { ...s, dueOn: s.dueOn ?? today } as ScheduleRequest;
  return s as ScheduleRequest;
}

/** 'schedule.sessionDates[1]' and 'body.schedule.sessionDates.1' both become 'sessionDates.1'. */
const fieldKey = (path: string) =>
  path
    .replace(/^body\./, '')
    .replace(/^schedule\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^instrumentIds\.\d+$/, 'instrumentIds');

/** Assigning measures, once or on a schedule, with a preview of exactly what will be created. */
export function AssignForm({
  patientId,
  today,
  onDone,
}: {
  patientId: string;
  today: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const instruments = useInstruments();
  const [v, setV] = useState<Values>({
    instrumentIds: ['phq9'],
    kind: 'once',
    dueOn: today,
    overdueOn: '',
    courseStart: today,
    courseEnd: '',
    intakeOn: '',
    sessionDates: [''],
    months: ['1', '3', '6'],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((cur) => ({ ...cur, [k]: value }));
  const err = (k: string) => errors[k];

  const assign = useMutation({
    mutationFn: (body: unknown) =>
      api.post(`${measuresPath(patientId)}/assign`, body, { schema: assignResult }),
    onSuccess: (r) => {
      notify({
        color: 'green',
        title: `${r.assignments.length} measure${r.assignments.length === 1 ? '' : 's'} assigned`,
        message: r.skipped
          ? `${r.skipped} already assigned for the same day were left as they were.`
          : 'The patient sees each one in the portal when it opens.',
      });
      void queryClient.invalidateQueries({ queryKey: measuresKey(patientId) });
      onDone();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Record<string, string> = {};
      for (const f of e.fieldErrors) next[fieldKey(f.field)] ??= f.message;
      setErrors(next);
    },
  });

  const body = { instrumentIds: v.instrumentIds, schedule: scheduleOf(v) };
  const parsed = assignBody.safeParse(body);
  const plan = parsed.success ? planSchedule(withDefaults(parsed.data.schedule, today), today) : null;
  const preview = plan?.ok ? plan.planned : [];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        next[fieldKey(i.path.map(String).join('.'))] ??=
          i.path[0] === 'instrumentIds' ? 'Choose at least one instrument' : 'Enter a date';
    } else if (plan && !plan.ok) {
      for (const i of plan.errors) next[fieldKey(i.path)] ??= i.message;
    }
    setErrors(next);
    if (Object.keys(next).length === 0) assign.mutate(body);
  };

  const kind = KINDS.find((k) => k.value === v.kind);
  const date = (
    k: 'dueOn' | 'overdueOn' | 'courseStart' | 'courseEnd' | 'intakeOn',
    label: string,
    required = false,
    description?: string,
  ) => (
    <TextInput
      type="date"
      label={label}
      required={required}
      description={description}
      value={v[k]}
      onChange={(e) => set(k, e.currentTarget.value)}
      error={err(k)}
      maw={260}
    />
  );

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="assign-h"
      data-testid="assign-form"
    >
      <Stack gap="md">
        <Title order={3} size="h4" id="assign-h">
          Assign measures
        </Title>
        <Checkbox.Group
          label="Instruments"
          required
          value={v.instrumentIds}
          onChange={(ids) => set('instrumentIds', ids)}
          error={err('instrumentIds')}
        >
          <Group gap="lg" mt="xs">
            {(instruments.data?.instruments ?? [])
              // End-of-session ratings are rated on a session record, never assigned.
              .filter((i) => !isSessionRating(i.id))
              .map((i) => (
                <Checkbox key={i.id} value={i.id} label={shortName(i.name)} size="md" />
              ))}
          </Group>
        </Checkbox.Group>
        <ErrorAlert error={instruments.error} title="Could not load the instruments" />
        <NativeSelect
          label="When"
          size="md"
          maw={360}
          data={KINDS.map((k) => ({ value: k.value, label: k.label }))}
          value={v.kind}
          onChange={(e) => {
            set('kind', e.currentTarget.value as Kind);
            setErrors({});
          }}
          description={kind?.hint}
        />
        {v.kind === 'once' || v.kind === 'intake' ? (
          <Group align="flex-start">
            {date('dueOn', 'Opens on', false, 'Empty: today')}
            {v.kind === 'once' ? date('overdueOn', 'Overdue from', false, 'Optional') : null}
          </Group>
        ) : null}
        {v.kind === 'weekly' || v.kind === 'course' ? (
          <Group align="flex-start">
            {date('courseStart', 'Course starts', true)}
            {date('courseEnd', 'Course ends', true)}
            {v.kind === 'course' ? date('intakeOn', 'Intake on', false, 'Empty: today or the start') : null}
          </Group>
        ) : null}
        {v.kind === 'follow_up' ? (
          <Group align="flex-start">
            {date('courseEnd', 'Course ends', true)}
            <Checkbox.Group
              label="Months after"
              value={v.months}
              onChange={(m) => set('months', m)}
              error={err('months')}
            >
              <Group gap="md" mt="xs">
                {MONTHS.map((m) => (
                  <Checkbox key={m} value={m} label={`${m} month${m === '1' ? '' : 's'}`} />
                ))}
              </Group>
            </Checkbox.Group>
          </Group>
        ) : null}
        {v.kind === 'before_dosing' || v.kind === 'course' ? (
          <Stack gap="xs">
            <Text fw={500} size="sm">
              Dosing-session dates{v.kind === 'course' ? ' (optional)' : ''}
            </Text>
            {err('sessionDates') ? (
              <Text size="sm" c="var(--mantine-color-error)">
                {err('sessionDates')}
              </Text>
            ) : null}
            {v.sessionDates.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; dates may repeat while typing
              <Group key={i} gap="xs" align="flex-end">
                <TextInput
                  type="date"
                  label={`Session ${i + 1}`}
                  value={d}
                  onChange={(e) =>
                    set(
                      'sessionDates',
                      v.sessionDates.map((x, j) => (j === i ? e.currentTarget.value : x)),
                    )
                  }
                  error={err(`sessionDates.${i}`)}
                  maw={260}
                />
                {v.sessionDates.length > 1 ? (
                  <Button
                    variant="default"
                    aria-label={`Remove session ${i + 1}`}
                    onClick={() =>
                      set(
                        'sessionDates',
                        v.sessionDates.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <IconTrash size={18} aria-hidden="true" />
                  </Button>
                ) : null}
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                leftSection={<IconPlus size={16} aria-hidden="true" />}
                onClick={() => set('sessionDates', [...v.sessionDates, ''])}
              >
                Add a session date
              </Button>
            </Group>
          </Stack>
        ) : null}
        {preview.length ? (
          <Stack gap={4} data-testid="assign-preview">
            <Text size="sm" fw={600}>
              This creates {preview.length * v.instrumentIds.length} measure
              {preview.length * v.instrumentIds.length === 1 ? '' : 's'}
              {v.instrumentIds.length > 1 ? ` (${preview.length} for each instrument)` : ''}:
            </Text>
            <List size="sm" spacing={0}>
              {preview.slice(0, 8).map((p) => (
                <List.Item key={`${p.kind}-${p.dueOn}`}>
                  {KIND_LABELS[p.kind]}: opens {formatDate(p.dueOn)}, overdue from {formatDate(p.overdueOn)}
                </List.Item>
              ))}
              {preview.length > 8 ? <List.Item>… and {preview.length - 8} more</List.Item> : null}
            </List>
          </Stack>
        ) : null}
        <ErrorAlert error={assign.error} />
        <Group>
          <Button type="submit" loading={assign.isPending}>
            Assign
          </Button>
          <Button variant="default" onClick={onDone} disabled={assign.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
