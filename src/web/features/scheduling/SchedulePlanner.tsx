import {
  Button,
  Card,
  Checkbox,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconClockExclamation, IconListDetails } from '@tabler/icons-react';
import { useState } from 'react';
import { clockChangeNotice, resolveLocal } from '../../../domain/scheduling/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notify } from '../../lib/notify';
import type { Chart } from '../patients/patient-query';
import { dayLabel, localToUtc, todayIn } from './labels';
import { type ProposalItem, type Resources, useConfirmProposal, usePropose } from './scheduling-query';

const ROUTES = [
  { value: 'im', label: 'IM injection' },
  { value: 'iv', label: 'IV infusion' },
  { value: 'sublingual', label: 'Sublingual (in clinic)' },
  { value: 'esketamine', label: 'Esketamine nasal spray' },
];
const KIND_WORDS: Record<string, string> = {
  preparation: 'Preparation',
  dosing: 'Dosing',
  integration: 'Integration',
  follow_up: 'Follow-up',
};

interface PlanRow {
  item: ProposalItem;
  include: boolean;
  date: string;
  time: string;
  /** Why the time is not the one asked for (the clocks go forward over it), or null. */
  notice: string | null;
}

/**
 * A row's date and time as they will be booked: a time typed into the spring-forward gap becomes the time it
 * will be kept at (an hour later, the same rule the server books by), and the row says why.
 */
function withTime(r: PlanRow, date: string, time: string, tz: string): PlanRow {
  if (!date || !time) return { ...r, date, time, notice: null };
  try {
    const kept = resolveLocal(date, time, tz);
    return {
      ...r,
      date,
      time: kept.time,
      notice: kept.shiftedFrom ? clockChangeNotice(date, kept.shiftedFrom, kept.time) : null,
    };
  } catch {
    return { ...r, date, time, notice: null };
  }
}

/** Proposes a course's visits from its template; staff review, adjust times, and book them all or none. */
export function SchedulePlanner({
  chart,
  res,
  onDone,
}: {
  chart: Chart;
  res: Resources;
  onDone: () => void;
}) {
  const propose = usePropose(chart.patient.id);
  const confirm = useConfirmProposal(chart.patient.id);
  const sites = res.locations.filter((l) => l.active);
  const byRole = (role: string) =>
    res.clinicians.filter((c) => c.role === role).map((c) => ({ value: c.id, label: c.name }));
  const team = (role: string) =>
    chart.careTeam.find((m) => m.role === role)?.userId ?? byRole(role)[0]?.value ?? '';
  const [f, setF] = useState({
    route:
      chart.clinical?.plannedRoute && ROUTES.some((r) => r.value === chart.clinical?.plannedRoute)
        ? chart.clinical.plannedRoute
        : 'im',
    start: todayIn(res.timezone),
    time: '09:00',
    therapyTime: '14:00',
    locationId: sites[0]?.id ?? '',
    dosingRoomId: '',
    prescriberId: team('prescriber'),
    nurseId: team('nurse'),
    therapistId: team('therapist'),
    preparationCount: 1 as number | string,
  });
  const [rows, setRows] = useState<PlanRow[] | null>(null);
  const [tz, setTz] = useState(res.timezone);
  const site = sites.find((l) => l.id === f.locationId);
  const set = (k: keyof typeof f) => (v: string | number | null) => setF((x) => ({ ...x, [k]: v ?? '' }));

  const run = async () => {
    const out = await propose.mutateAsync({
      route: f.route as 'im',
      start: f.start,
      time: f.time,
      therapyTime: f.therapyTime,
      locationId: f.locationId,
      dosingRoomId: f.dosingRoomId || null,
      prescriberId: f.prescriberId,
      nurseId: f.nurseId,
      therapistId: f.therapistId,
      preparationCount: Number(f.preparationCount) || 0,
    });
    setTz(out.timezone);
    setRows(
      out.items.map((item) => ({
        item,
        include: true,
        date: item.localDate,
        time: item.localStart,
        notice: item.timeNotice,
      })),
    );
  };
  const book = async () => {
    if (!rows) return;
    const items = rows
      .filter((r) => r.include)
      .map((r) => {
        const b = r.item.booking;
        const startsAt = localToUtc(r.date, r.time, tz);
        const length = b.endsAt ? Date.parse(b.endsAt) - Date.parse(b.startsAt) : null;
        return {
          ...b,
          startsAt,
          ...(length ? { endsAt: new Date(Date.parse(startsAt) + length).toISOString() } : {}),
        };
      });
    if (!items.length) return;
    try {
      const out = await confirm.mutateAsync({ items, sendConfirmation: true });
      notify({ title: 'Course schedule booked', message: `${out.appointments.length} visits booked.` });
      onDone();
    } catch {
      // shown below, with each clash
    }
  };
  const clashes =
    (confirm.error as { body?: { conflicts?: { item: number | null; message: string }[] } } | null)?.body
      ?.conflicts ?? [];
  const included = rows?.filter((r) => r.include).length ?? 0;

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="planner-h">
      <Stack>
        <Title order={3} size="h5" id="planner-h">
          Plan the course’s visits
        </Title>
        <Text size="sm" c="dimmed">
          Proposes preparation, dosing on the route’s schedule, an integration visit after each dose, and
          follow-ups at 1, 3 and 6 months. Nothing is booked until you confirm.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label="Route" data={ROUTES} value={f.route} onChange={set('route')} allowDeselect={false} />
          <TextInput
            label="First dosing date"
            type="date"
            value={f.start}
            onChange={(e) => set('start')(e.currentTarget.value)}
          />
          <TextInput
            label="Dosing time"
            type="time"
            value={f.time}
            onChange={(e) => set('time')(e.currentTarget.value)}
          />
          <TextInput
            label="Therapy time"
            type="time"
            value={f.therapyTime}
            onChange={(e) => set('therapyTime')(e.currentTarget.value)}
          />
          <Select
            label="Site"
            data={sites.map((l) => ({ value: l.id, label: l.name }))}
            value={f.locationId}
            onChange={set('locationId')}
            allowDeselect={false}
          />
          <Select
            label="Chair or room (optional)"
            clearable
            data={(site?.rooms ?? [])
              .filter((r) => r.active && r.kind !== 'office')
              .map((r) => ({ value: r.id, label: r.name }))}
            value={f.dosingRoomId || null}
            onChange={set('dosingRoomId')}
          />
          <Select
            label="Prescriber"
            data={byRole('prescriber')}
            value={f.prescriberId || null}
            onChange={set('prescriberId')}
          />
          <Select label="Nurse" data={byRole('nurse')} value={f.nurseId || null} onChange={set('nurseId')} />
          <Select
            label="Therapist"
            data={byRole('therapist')}
            value={f.therapistId || null}
            onChange={set('therapistId')}
          />
          <NumberInput
            label="Preparation sessions"
            min={0}
            max={4}
            value={f.preparationCount}
            onChange={set('preparationCount')}
          />
        </SimpleGrid>
        <ErrorAlert error={propose.error} title="Could not propose a schedule" />
        <Group>
          <Button
            variant="light"
            onClick={run}
            loading={propose.isPending}
            leftSection={<IconListDetails size={18} aria-hidden="true" />}
          >
            Propose visits
          </Button>
        </Group>
        {rows ? (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table striped verticalSpacing="xs" aria-label="Proposed visits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Book</Table.Th>
                    <Table.Th>Visit</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Notes</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => {
                    const issues = [
                      ...r.item.conflicts.map((c) => c.message),
                      ...r.item.problems.map((p) => p.message),
                      ...clashes
                        .filter(
                          (c) =>
                            c.item === rows.slice(0, i + 1).filter((x) => x.include).length - 1 && r.include,
                        )
                        .map((c) => c.message),
                    ];
                    const notice = r.notice;
                    const edit = (patch: Partial<PlanRow>) =>
                      setRows((all) => (all ? all.map((x, j) => (j === i ? { ...x, ...patch } : x)) : all));
                    return (
                      <Table.Tr key={`${r.item.kind}-${r.item.sequence}`}>
                        <Table.Td>
                          <Checkbox
                            aria-label={`Book ${r.item.label}`}
                            checked={r.include}
                            onChange={(e) => edit({ include: e.currentTarget.checked })}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {r.item.label}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {KIND_WORDS[r.item.kind]}
                            {r.item.earliest && r.item.latest
                              ? ` · between ${dayLabel(r.item.earliest)} and ${dayLabel(r.item.latest)}`
                              : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            aria-label={`Date of ${r.item.label}`}
                            type="date"
                            size="xs"
                            value={r.date}
                            onChange={(e) => edit(withTime(r, e.currentTarget.value, r.time, tz))}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            aria-label={`Time of ${r.item.label}`}
                            type="time"
                            size="xs"
                            value={r.time}
                            onChange={(e) => edit(withTime(r, r.date, e.currentTarget.value, tz))}
                            aria-describedby={notice ? `time-notice-${i}` : undefined}
                          />
                          {notice ? (
                            <Text
                              size="xs"
                              mt={4}
                              id={`time-notice-${i}`}
                              data-testid="time-notice"
                              maw={220}
                            >
                              <IconClockExclamation
                                size={14}
                                aria-hidden="true"
                                style={{ verticalAlign: 'text-bottom', marginRight: 4 }}
                              />
                              {notice}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          {issues.length ? (
                            <List size="xs" c="var(--mantine-color-error)">
                              {issues.map((m) => (
                                <List.Item key={m}>{m}</List.Item>
                              ))}
                            </List>
                          ) : null}
                          {r.item.warnings.length ? (
                            <Text size="xs" c="dimmed">
                              {r.item.warnings.map((w) => w.message).join(' ')}
                            </Text>
                          ) : null}
                          {!issues.length && !r.item.warnings.length ? <Text size="xs">Free</Text> : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ErrorAlert error={confirm.error} title="Nothing was booked" />
            <Group justify="flex-end">
              <Button onClick={book} loading={confirm.isPending} disabled={included === 0}>
                Book {included} visits
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
    </Card>
  );
}
