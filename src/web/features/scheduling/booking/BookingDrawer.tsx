import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { defaultStart } from '../../../../domain/scheduling/default-start';
import { zoneInWords } from '../../../../domain/scheduling/zone-words';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { STATE_OPTIONS } from '../../../lib/us-states';
import { dayLabel, MODALITY_LABELS, ROOM_KIND_WORDS, timeLabel } from '../labels';
import {
  type Appointment,
  type BookingInput,
  type CheckResult,
  checkBooking,
  type Resources,
  useBook,
  useResources,
} from '../scheduling-query';
import { CheckPanel } from './BookingCheckPanel';
import { type BookingPrefill, type BookingValues, FIELD_MAP, requirementLabel, toBody } from './booking-form';
import { PatientPicker } from './PatientPicker';

/** The booking form, in a drawer: opened from an empty calendar slot, a patient's chart or the Today board. */
export function BookingDrawer({
  prefill,
  onClose,
  onBooked,
}: {
  prefill: BookingPrefill | null;
  onClose: () => void;
  /** After a booking: the calendar moves to the visit's week and shows it. */
  onBooked?: (a: Appointment) => void;
}) {
  return (
    <Drawer
      opened={prefill !== null}
      onClose={onClose}
      title="Book a visit"
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {prefill ? <BookingForm prefill={prefill} onDone={onClose} onBooked={onBooked} /> : null}
    </Drawer>
  );
}

interface FormProps {
  prefill: BookingPrefill;
  onDone: () => void;
  onBooked?: (a: Appointment) => void;
}

function BookingForm({ prefill, onDone, onBooked }: FormProps) {
  const resources = useResources();
  const res = resources.data;
  if (resources.error)
    return <ErrorAlert error={resources.error} title="Could not load the clinic’s calendar settings" />;
  if (!res) return <Text c="dimmed">Loading…</Text>;
  if (res.locations.filter((l) => l.active).length === 0)
    return (
      <Alert color="yellow" variant="light" title="No sites yet">
        An admin adds the clinic’s sites, rooms and chairs under Scheduling setup before visits can be booked.
      </Alert>
    );
  return <Form res={res} prefill={prefill} onDone={onDone} onBooked={onBooked} />;
}

function Form({ res, prefill, onDone, onBooked }: FormProps & { res: Resources }) {
  const types = res.types.filter((t) => t.active);
  const sites = res.locations.filter((l) => l.active);
  const firstType = types.find((t) => t.code === (prefill.typeCode ?? 'consultation')) ?? types[0];
  const book = useBook();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  // Where the form starts: the clicked slot, else the next free slot in the future on the site's clock.
  const [start] = useState(() => {
    if (prefill.date && prefill.time) return { date: prefill.date, time: prefill.time };
    const modality = firstType?.modalities[0] ?? 'in_person';
    const site = sites.find((l) => l.id === prefill.locationId) ?? sites[0];
    return defaultStart({
      now: new Date(),
      tz: modality === 'in_person' && site ? site.timezone : res.timezone,
      stepMin: res.settings.slotStepMinutes,
      durationMin: firstType?.defaultMinutes ?? 60,
      date: prefill.date,
      busy: prefill.busy,
    });
  });
  const form = useForm<BookingValues>({
    mode: 'controlled',
    initialValues: {
      patientId: prefill.patientId ?? '',
      typeId: firstType?.id ?? '',
      modality: firstType?.modalities[0] ?? 'in_person',
      date: start.date,
      time: start.time,
      minutes: firstType?.defaultMinutes ?? 60,
      locationId: prefill.locationId ?? sites[0]?.id ?? '',
      roomId: prefill.roomId ?? '',
      staff: (firstType?.staff ?? []).map((req) => {
        const c = res.clinicians.find((x) => x.id === prefill.userId);
        return c && req.roles.includes(c.role) ? c.id : '';
      }),
      videoUrl: '',
      patientLocationState: prefill.patientState ?? '',
      escortName: '',
      escortPhone: '',
      sendConfirmation: true,
    },
    validate: {
      patientId: (v) => (v ? null : 'Choose the patient'),
      typeId: (v) => (v ? null : 'Choose the kind of visit'),
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date'),
      time: (v) => (/^\d{2}:\d{2}$/.test(v) ? null : 'Enter the start time'),
      staff: (v, values) => {
        const type = types.find((t) => t.id === values.typeId);
        return type?.staff.some((_, i) => !v[i]) ? 'Choose who sees the patient' : null;
      },
      locationId: (v, values) => (values.modality === 'in_person' && !v ? 'Choose the site' : null),
      patientLocationState: (v, values) =>
        values.modality !== 'in_person' && !v ? 'Where will the patient be?' : null,
    },
  });
  const v = form.getValues();
  const type = types.find((t) => t.id === v.typeId);
  const site = sites.find((l) => l.id === v.locationId);
  const tz = v.modality === 'in_person' && site ? site.timezone : res.timezone;
  const rooms = (site?.rooms ?? []).filter(
    (r) => r.active && (!type || type.roomKinds.length === 0 || type.roomKinds.includes(r.kind)),
  );

  // When the kind of visit changes: its default length, its ways of meeting and its staff slots.
  const onType = (id: string | null) => {
    const t = types.find((x) => x.id === id);
    if (!t) return;
    const keep = form.getValues().staff;
    form.setValues({
      typeId: t.id,
      minutes: t.defaultMinutes,
      modality: t.modalities.includes(form.getValues().modality as 'in_person')
        ? form.getValues().modality
        : t.modalities[0],
      staff: t.staff.map(
        (req) =>
          keep.find((id) => res.clinicians.some((c) => c.id === id && req.roles.includes(c.role))) ?? '',
      ),
    });
  };

  // The live dry run: every complete change asks the server whether the booking would go through.
  const body = useMemo(() => toBody(v, types, res, tz), [v, types, res, tz]);
  const [debouncedBody] = useDebouncedValue(body, 400);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const key = JSON.stringify(debouncedBody);
  useEffect(() => {
    const b = key === 'null' ? null : (JSON.parse(key) as BookingInput);
    if (!b || b.staff.length !== (type?.staff.length ?? 0)) {
      setCheck(null);
      return;
    }
    const ctrl = new AbortController();
    setChecking(true);
    checkBooking(b, ctrl.signal)
      .then((r) => setCheck(r))
      .catch(() => setCheck(null))
      .finally(() => setChecking(false));
    return () => ctrl.abort();
  }, [key, type?.staff.length]);

  const submit = form.onSubmit(async (values) => {
    setUnplaced(null);
    const b = toBody(values, types, res, tz);
    if (!b) return;
    try {
      const out = await book.mutateAsync(b);
      const a = out.appointment;
      const todo = out.warnings.length;
      notify({
        title: 'Visit booked',
        message: `${a.type.name} for ${a.patientName}, ${dayLabel(a.localDate, 'long')} at ${timeLabel(a.localStart)}.${todo ? ` ${todo === 1 ? 'One thing' : `${todo} things`} to sort out before the day.` : ''}`,
      });
      onBooked?.(a);
      onDone();
    } catch (err) {
      if (isApiError(err) && err.fieldErrors.length) {
        const errors: Record<string, string> = {};
        const left: string[] = [];
        for (const f of err.fieldErrors) {
          const field = f.field.replace(/^body\./, '');
          const target = field.startsWith('staff') ? 'staff' : FIELD_MAP[field];
          if (target) errors[target] ??= f.message;
          else left.push(f.message);
        }
        form.setErrors(errors);
        setUnplaced(left.length ? left : null);
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {prefill.patientId && prefill.patientName ? (
          <Text>
            Patient:{' '}
            <Text span fw={600}>
              {prefill.patientName}
            </Text>
          </Text>
        ) : (
          <PatientPicker
            value={v.patientId}
            initialLabel={prefill.patientName}
            error={form.errors.patientId}
            onChange={(id, state) => {
              form.setFieldValue('patientId', id);
              if (state && !form.getValues().patientLocationState)
                form.setFieldValue('patientLocationState', state);
            }}
          />
        )}
        <Select
          label="Kind of visit"
          required
          data={types.map((t) => ({ value: t.id, label: t.name }))}
          {...form.getInputProps('typeId')}
          onChange={onType}
          allowDeselect={false}
        />
        {type && type.modalities.length > 1 ? (
          <div>
            <Text size="sm" fw={500} mb={4} id="modality-label">
              How they meet
            </Text>
            <SegmentedControl
              aria-labelledby="modality-label"
              data={type.modalities.map((m) => ({ value: m, label: MODALITY_LABELS[m] ?? m }))}
              {...form.getInputProps('modality')}
            />
          </div>
        ) : null}
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label="Date" type="date" required {...form.getInputProps('date')} />
          <TextInput label="Start time" type="time" required step={300} {...form.getInputProps('time')} />
          <NumberInput
            label="Length (minutes)"
            min={type?.minMinutes}
            max={type?.maxMinutes}
            step={15}
            description={type ? `${type.minMinutes}–${type.maxMinutes}` : undefined}
            {...form.getInputProps('minutes')}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          Times are local to {v.modality === 'in_person' && site ? site.name : 'the clinic'} (
          {zoneInWords(tz)}).
        </Text>
        {body && Date.parse(body.startsAt) <= Date.now() ? (
          <Text size="sm" c="var(--mantine-color-orange-text)" mt={-8} data-testid="start-passed">
            This start time has already passed.
          </Text>
        ) : null}
        {v.modality === 'in_person' ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Select
              label="Site"
              required
              data={sites.map((l) => ({ value: l.id, label: l.name }))}
              {...form.getInputProps('locationId')}
              onChange={(id) => form.setValues({ locationId: id ?? '', roomId: '' })}
              allowDeselect={false}
            />
            <Select
              label={type?.roomRequired ? 'Room or chair' : 'Room (optional)'}
              required={type?.roomRequired}
              clearable={!type?.roomRequired}
              data={rooms.map((r) => ({
                value: r.id,
                label: `${r.name} (${ROOM_KIND_WORDS[r.kind] ?? r.kind})`,
              }))}
              {...form.getInputProps('roomId')}
              onChange={(id) => form.setFieldValue('roomId', id ?? '')}
            />
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Select
              label="Where the patient will be"
              description="Clinicians must be licensed in this state"
              required
              searchable
              data={STATE_OPTIONS.filter((o) => o.value)}
              {...form.getInputProps('patientLocationState')}
            />
            {v.modality === 'video' ? (
              <TextInput
                label="Video link (optional)"
                placeholder="https://…"
                {...form.getInputProps('videoUrl')}
              />
            ) : null}
          </SimpleGrid>
        )}
        {type?.staff.map((req, i) => (
          <Select
            // biome-ignore lint/suspicious/noArrayIndexKey: one picker per requirement, in the type's order
            key={`${type.id}-${i}`}
            label={requirementLabel(req)}
            required
            data={res.clinicians
              .filter((c) => req.roles.includes(c.role))
              .map((c) => ({
                value: c.id,
                label: `${c.name}${c.licensedStates.length ? ` · licensed ${c.licensedStates.join(', ')}` : ' · no licence on file'}`,
              }))}
            value={v.staff[i] || null}
            onChange={(id) => {
              const next = [...form.getValues().staff];
              next[i] = id ?? '';
              form.setFieldValue('staff', next);
            }}
            error={i === 0 ? form.errors.staff : undefined}
          />
        ))}
        {type?.category === 'dosing' ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label="Escort or ride home"
              description="Who takes the patient home"
              {...form.getInputProps('escortName')}
            />
            <TextInput label="Escort’s phone" type="tel" {...form.getInputProps('escortPhone')} />
          </SimpleGrid>
        ) : null}
        <Checkbox
          label="Email the patient a confirmation with a calendar file"
          {...form.getInputProps('sendConfirmation', { type: 'checkbox' })}
        />
        <CheckPanel result={check} checking={checking} />
        <ErrorAlert error={book.error} extra={unplaced} title="The visit was not booked" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Close
          </Button>
          <Button type="submit" loading={book.isPending}>
            Book visit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
