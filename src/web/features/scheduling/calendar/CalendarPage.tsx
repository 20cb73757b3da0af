import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCalendarX, IconPlus } from '@tabler/icons-react';
import { type MouseEvent, useEffect, useMemo, useState } from 'react';
import { zoneInWords } from '../../../../domain/scheduling/zone-words';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { PageTitle } from '../../../components/PageTitle';
import { useMe } from '../../../lib/session';
import { BookingDrawer } from '../booking/BookingDrawer';
import type { BookingPrefill } from '../booking/booking-form';
import { addDays, dayLabel, todayIn } from '../labels';
import { type Appointment, type Resources, useCalendar, useResources } from '../scheduling-query';
import { AppointmentDrawer } from '../visit/AppointmentDrawer';
import { CalendarGrid } from './CalendarGrid';
import { Toolbar } from './CalendarToolbar';
import { type Column, hhmm, PX, place } from './calendar-grid';
import { type Lane, layoutLanes } from './calendar-layout';
import { useCalendarUrl } from './use-calendar-url';
import { type MoveRefusal, useDragMove } from './use-drag-move';

/**
 * Day and week calendars by site, room or clinician. Drag a visit to move it (the server checks the new
 * time as you hover and refuses clashes with the reason); click an empty slot to book; click a visit to
 * see it, check it in, move it with a form, or cancel it.
 */
export default function CalendarPage() {
  const resources = useResources();
  if (resources.error) return <ErrorAlert error={resources.error} title="Could not load the calendar" />;
  if (!resources.data) return <Loading label="Loading the calendar" />;
  if (resources.data.locations.filter((l) => l.active).length === 0)
    return (
      <Stack>
        <PageTitle>Calendar</PageTitle>
        <Alert color="yellow" variant="light" title="No sites yet">
          An admin adds the clinic’s sites, rooms and chairs under Scheduling setup before visits can be
          booked.
        </Alert>
      </Stack>
    );
  return <Calendar res={resources.data} />;
}

/** Why a dragged visit did not move, until dismissed. */
function RefusalAlert({ refusal, onClose }: { refusal: MoveRefusal; onClose: () => void }) {
  return (
    <Alert
      color="red"
      variant="light"
      title={refusal.title}
      icon={<IconCalendarX aria-hidden="true" />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      role="alert"
      data-testid="move-refused"
    >
      <List size="sm">
        {refusal.reasons.map((r) => (
          <List.Item key={r}>{r}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function Calendar({ res }: { res: Resources }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('patients.write') ?? false;
  const { view, by, date, includeCancelled, id, set, site, tz, from, days } = useCalendarUrl(
    res,
    me?.user.id,
  );
  const calendar = useCalendar({
    from,
    days,
    includeCancelled,
    ...(by === 'site' ? { locationId: id } : by === 'room' ? { roomId: id } : { userId: id }),
  });

  const columns: Column[] = useMemo(() => {
    if (view === 'day' && by === 'site' && site) {
      return [
        ...site.rooms.filter((r) => r.active).map((r) => ({ key: r.id, date, label: r.name, roomId: r.id })),
        { key: 'none', date, label: 'No room (therapy, video)', roomId: '' },
      ];
    }
    return Array.from({ length: days }, (_, i) => {
      const d = addDays(from, i);
      return { key: d, date: d, label: dayLabel(d) };
    });
  }, [view, by, site, date, days, from]);

  const appts = calendar.data?.appointments ?? [];
  // The hours shown: 07:00–19:00, widened to fit any visit outside them.
  const [dayStart, dayEnd] = useMemo(() => {
    let lo = 7 * 60;
    let hi = 19 * 60;
    for (const a of appts) {
      const p = place(a, tz);
      lo = Math.min(lo, Math.floor(p.start / 60) * 60);
      hi = Math.max(hi, Math.ceil(p.end / 60) * 60);
    }
    return [lo, Math.min(hi, 24 * 60)];
  }, [appts, tz]);

  const inColumn = (a: Appointment, c: Column) => {
    const p = place(a, tz);
    if (p.date !== c.date) return false;
    if (c.roomId === undefined) return true;
    return c.roomId === ''
      ? !a.roomId || !site?.rooms.some((r) => r.id === a.roomId && r.active)
      : a.roomId === c.roomId;
  };

  // Visits that overlap in a column sit side by side (a consultation during a supervised dosing visit).
  const lanes = new Map<string, Map<string, Lane>>();
  for (const c of columns)
    lanes.set(
      c.key,
      layoutLanes(appts.filter((a) => inColumn(a, c)).map((a) => ({ id: a.id, ...place(a, tz) }))),
    );

  // ── Selection, booking and drag to move ──
  const [openId, setOpenId] = useState<string | null>(null);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  // The visit just booked: the calendar moves to its week (or day) and outlines it.
  const [highlight, setHighlight] = useState<string | null>(null);
  const { drag, dragPreview, refusal, dismissRefusal, movable, onBlockPointerDown } = useDragMove({
    columns,
    dayStart,
    dayEnd,
    tz,
    canWrite,
    onOpen: setOpenId,
  });

  const onColumnClick = (e: MouseEvent, col: Column) => {
    if (!canWrite || (e.target as HTMLElement).closest('[data-appt]')) return;
    const top = (e.currentTarget as HTMLElement).getBoundingClientRect().top;
    const minutes = Math.floor((dayStart + (e.clientY - top) / PX) / 30) * 30;
    setBooking({
      date: col.date,
      time: hhmm(Math.max(dayStart, minutes)),
      locationId: by === 'site' ? id : (site?.id ?? null),
      roomId: col.roomId || (by === 'room' ? id : null),
      userId: by === 'clinician' ? id : null,
    });
  };

  /** Times the chosen clinician or room is taken, among the visits on screen: the booking form starts after them. */
  const busyFor = (userId: string | null, roomId: string | null) =>
    appts
      .filter((a) => a.status === 'booked' || a.status === 'checked_in')
      .filter(
        (a) =>
          (userId && a.staff.some((s) => s.userId === userId && s.hold === 'exclusive')) ||
          (roomId && a.roomId === roomId),
      )
      .map((a) => ({ start: a.startsAt, end: a.endsAt }));

  const onBooked = (a: Appointment) => {
    const patch: Record<string, string | null> = { date: a.localDate };
    // Keep the new visit in view: show its site, room or clinician if the calendar shows another.
    if (by === 'clinician' && !a.staff.some((s) => s.userId === id)) patch.id = a.staff[0]?.userId ?? null;
    if (by === 'room' && a.roomId !== id) {
      if (a.roomId) patch.id = a.roomId;
      else
        Object.assign(
          patch,
          a.locationId
            ? { by: 'site', id: a.locationId }
            : { by: 'clinician', id: a.staff[0]?.userId ?? null },
        );
    }
    if (by === 'site' && a.locationId && a.locationId !== id) patch.id = a.locationId;
    set(patch);
    setHighlight(a.id);
  };
  // Bring the booked visit into view once the calendar has it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the refreshed visits arrive
  useEffect(() => {
    if (!highlight) return;
    document
      .querySelector(`[data-appt="${highlight}"]`)
      ?.scrollIntoView({ block: 'center', inline: 'center' });
  }, [highlight, appts]);

  const today = todayIn(tz);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <PageTitle mb={0}>Calendar</PageTitle>
        {canWrite ? (
          <Button
            leftSection={<IconPlus size={18} aria-hidden="true" />}
            onClick={() => {
              const userId = by === 'clinician' ? id : null;
              const roomId = by === 'room' ? id : null;
              setBooking({
                // biome-ignore lint/complexity/useMathMinMax: ISO strings, compared as text
                date: date < today ? today : date,
                locationId: site?.id ?? null,
                userId,
                roomId,
                busy: busyFor(userId, roomId),
              });
            }}
          >
            Book a visit
          </Button>
        ) : null}
      </Group>
      <Toolbar
        res={res}
        view={view}
        date={date}
        by={by}
        id={id}
        includeCancelled={includeCancelled}
        set={set}
      />
      <Text size="sm" c="dimmed">
        Times in {zoneInWords(tz)}. {canWrite ? 'Drag a visit to move it; click an empty slot to book.' : ''}
      </Text>
      {refusal ? <RefusalAlert refusal={refusal} onClose={dismissRefusal} /> : null}
      <ErrorAlert error={calendar.error} title="Could not load the calendar" />
      <CalendarGrid
        columns={columns}
        lanes={lanes}
        appts={appts}
        inColumn={inColumn}
        timeOff={calendar.data?.timeOff ?? []}
        tz={tz}
        today={today}
        dayStart={dayStart}
        dayEnd={dayEnd}
        weekView={view === 'week'}
        byClinician={by === 'clinician'}
        canWrite={canWrite}
        highlight={highlight}
        drag={drag}
        dragPreview={dragPreview}
        movable={movable}
        onBlockPointerDown={onBlockPointerDown}
        onOpen={(a) => {
          setHighlight(null);
          setOpenId(a.id);
        }}
        onColumnClick={onColumnClick}
      />
      {calendar.isFetching ? (
        <Text size="xs" c="dimmed" role="status">
          Updating…
        </Text>
      ) : null}
      <AppointmentDrawer id={openId} onClose={() => setOpenId(null)} />
      <BookingDrawer prefill={booking} onClose={() => setBooking(null)} onBooked={onBooked} />
    </Stack>
  );
}
