import { Alert, Box, Button, Group, List, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconCalendarX, IconPlus } from '@tabler/icons-react';
import { type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { zoneInWords } from '../../../domain/scheduling/zone-words';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { isApiError } from '../../lib/api';
import { notify } from '../../lib/notify';
import { useMe } from '../../lib/session';
import { AppointmentDrawer } from './AppointmentDrawer';
import { BookingDrawer, type BookingPrefill } from './BookingDrawer';
import { Toolbar } from './CalendarToolbar';
import { CalendarVisit } from './CalendarVisit';
import { type Lane, layoutLanes, maxLanes } from './calendar-layout';
import { addDays, dayLabel, localToUtc, timeLabel, todayIn, toLocal, weekStart } from './labels';
import {
  type Appointment,
  type CheckResult,
  checkMove,
  type Resources,
  useCalendar,
  useMove,
  useResources,
} from './scheduling-query';

/** Pixels per minute of the day grid, and the snap of a drag or a click (minutes). */
const PX = 1.1;
const SNAP = 15;
const DRAG_THRESHOLD = 5;

interface Column {
  key: string;
  date: string;
  label: string;
  /** Set in the day view by site: the room this column shows ('' = visits without a room). */
  roomId?: string;
}

interface DragState {
  appt: Appointment;
  pointerId: number;
  startX: number;
  startY: number;
  /** Minutes between the pointer and the block's top when the drag began. */
  grabOffset: number;
  active: boolean;
  target: { col: Column; minutes: number } | null;
}

const mm = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Where an appointment sits in a column, in the calendar's zone. */
function place(a: Appointment, tz: string) {
  const s = toLocal(a.startsAt, tz);
  const e = toLocal(a.endsAt, tz);
  const start = mm(s.time);
  const end = e.date === s.date ? mm(e.time) : 24 * 60;
  return { date: s.date, start, end: Math.max(end, start + 15) };
}

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

function Calendar({ res }: { res: Resources }) {
  const me = useMe().data;
  const canWrite = me?.permissions.includes('patients.write') ?? false;
  const [params, setParams] = useSearchParams();
  const sites = res.locations.filter((l) => l.active);
  const view = params.get('view') === 'day' ? 'day' : 'week';
  const by = (['site', 'room', 'clinician'] as const).find((b) => b === params.get('by')) ?? 'site';
  const date = params.get('date') ?? todayIn(res.timezone);
  const includeCancelled = params.get('cancelled') === '1';
  const defaultId =
    by === 'site'
      ? (sites[0]?.id ?? '')
      : by === 'room'
        ? (sites[0]?.rooms.find((r) => r.active)?.id ?? '')
        : (res.clinicians.find((c) => c.id === me?.user.id)?.id ?? res.clinicians[0]?.id ?? '');
  const id = params.get('id') ?? defaultId;
  const set = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  const site =
    by === 'site'
      ? sites.find((l) => l.id === id)
      : by === 'room'
        ? sites.find((l) => l.rooms.some((r) => r.id === id))
        : undefined;
  const tz = site?.timezone ?? res.timezone;
  const from = view === 'week' ? weekStart(date) : date;
  const days = view === 'week' ? 7 : 1;
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
  // A day with visits side by side gets more room than a quiet one (up to three lanes' worth).
  const width = columns.map((c) => {
    const n = Math.min(3, maxLanes(lanes.get(c.key) ?? new Map()));
    return { min: Math.max(140, 95 * n), share: n };
  });

  // ── Selection, booking and drag to move ──
  const [openId, setOpenId] = useState<string | null>(null);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  // The visit just booked: the calendar moves to its week (or day) and outlines it.
  const [highlight, setHighlight] = useState<string | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  dragRef.current = drag;
  const [preview, setPreview] = useState<{
    key: string;
    result: CheckResult | null;
    checking: boolean;
  } | null>(null);
  const [refusal, setRefusal] = useState<{ title: string; reasons: string[] } | null>(null);
  const move = useMove();

  const moveBody = (a: Appointment, target: { col: Column; minutes: number }) => {
    const startsAt = localToUtc(target.col.date, hhmm(target.minutes), tz);
    const length = Date.parse(a.endsAt) - Date.parse(a.startsAt);
    return {
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + length).toISOString(),
      ...(target.col.roomId !== undefined ? { roomId: target.col.roomId || null } : {}),
      version: a.version,
      notifyPatient: true,
    };
  };
  const targetKey = (t: DragState['target']) => (t ? `${t.col.key}|${t.col.date}|${t.minutes}` : '');

  // While dragging, ask the server (dry run) whether the slot under the pointer is free.
  const key = drag?.active ? targetKey(drag.target) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: one dry run per slot under the pointer; the drag is read through dragRef
  useEffect(() => {
    const d = dragRef.current;
    if (!key || !d?.target) return;
    const ctrl = new AbortController();
    setPreview({ key, result: null, checking: true });
    const timer = setTimeout(() => {
      checkMove(d.appt.id, moveBody(d.appt, d.target as NonNullable<DragState['target']>), ctrl.signal)
        .then((result) => setPreview({ key, result, checking: false }))
        .catch(() => setPreview({ key, result: null, checking: false }));
    }, 120);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key]);

  const columnAt = (x: number, y: number): { col: Column; top: number } | null => {
    const el = document.elementFromPoint(x, y)?.closest('[data-col]') as HTMLElement | null;
    if (!el) return null;
    const col = columns.find((c) => c.key === el.dataset.col);
    return col ? { col, top: el.getBoundingClientRect().top } : null;
  };
  const minutesAt = (y: number, top: number, offset = 0) => {
    const raw = dayStart + (y - top) / PX - offset;
    const snapped = Math.round(raw / SNAP) * SNAP;
    return Math.max(dayStart, Math.min(dayEnd - SNAP, snapped));
  };

  // A masked visit (a confidential record this user may not open) only shows that the time is taken.
  const movable = (a: Appointment) =>
    canWrite && !a.masked && (a.status === 'booked' || a.status === 'checked_in');
  const onBlockPointerDown = (e: ReactPointerEvent, a: Appointment) => {
    if (!movable(a) || e.button !== 0) return;
    const hit = columnAt(e.clientX, e.clientY);
    const p = place(a, tz);
    const grabOffset = hit ? dayStart + (e.clientY - hit.top) / PX - p.start : 0;
    setDrag({
      appt: a,
      pointerId: e.pointerId,
      startX: e.clientX,
      startY: e.clientY,
      grabOffset,
      active: false,
      target: null,
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: listeners are added once per drag and read the latest drag through dragRef
  useEffect(() => {
    if (!drag) return;
    const onMove = (e: PointerEvent) => {
      const d = dragRef.current;
      if (!d || e.pointerId !== d.pointerId) return;
      const far = Math.abs(e.clientX - d.startX) + Math.abs(e.clientY - d.startY) > DRAG_THRESHOLD;
      if (!d.active && !far) return;
      const hit = columnAt(e.clientX, e.clientY);
      const target = hit ? { col: hit.col, minutes: minutesAt(e.clientY, hit.top, d.grabOffset) } : null;
      if (!d.active || targetKey(target) !== targetKey(d.target)) setDrag({ ...d, active: true, target });
      e.preventDefault();
    };
    const onUp = async (e: PointerEvent) => {
      const d = dragRef.current;
      if (!d || e.pointerId !== d.pointerId) return;
      setDrag(null);
      if (!d.active) {
        setOpenId(d.appt.id);
        return;
      }
      if (!d.target) return;
      const p = place(d.appt, tz);
      const sameRoom = d.target.col.roomId === undefined || (d.target.col.roomId || null) === d.appt.roomId;
      if (d.target.col.date === p.date && d.target.minutes === p.start && sameRoom) return;
      const known = preview?.key === targetKey(d.target) ? preview.result : null;
      if (known && !known.ok) {
        setRefusal({
          title: 'Not moved: that time is not free',
          reasons: [...known.conflicts.map((c) => c.message), ...known.problems.map((x) => x.message)],
        });
        return;
      }
      try {
        const out = await move.mutateAsync({ id: d.appt.id, body: moveBody(d.appt, d.target) });
        setRefusal(null);
        notify({
          title: 'Visit moved',
          message: `${out.appointment.patientName}: ${dayLabel(out.appointment.localDate)} at ${timeLabel(out.appointment.localStart)}${out.appointment.roomName ? `, ${out.appointment.roomName}` : ''}. The patient is told by email.`,
        });
      } catch (err) {
        const conflicts =
          isApiError(err) && Array.isArray(err.body.conflicts)
            ? (err.body.conflicts as { message: string }[])
            : [];
        setRefusal({
          title: 'Not moved',
          reasons: conflicts.length
            ? conflicts.map((c) => c.message)
            : [isApiError(err) ? (err.detail ?? err.title) : 'The visit could not be moved.'],
        });
      }
    };
    const onCancel = () => setDrag(null);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
    };
  }, [drag !== null, preview, columns, dayStart, dayEnd, tz]);

  const onColumnClick = (e: React.MouseEvent, col: Column) => {
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

  const height = (dayEnd - dayStart) * PX;
  const hours = Array.from({ length: (dayEnd - dayStart) / 60 + 1 }, (_, i) => dayStart + i * 60);
  const today = todayIn(tz);
  const timeOff = calendar.data?.timeOff ?? [];
  const dragPreview =
    drag?.active && drag.target ? (preview?.key === targetKey(drag.target) ? preview : null) : null;

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
      {refusal ? (
        <Alert
          color="red"
          variant="light"
          title={refusal.title}
          icon={<IconCalendarX aria-hidden="true" />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setRefusal(null)}
          role="alert"
          data-testid="move-refused"
        >
          <List size="sm">
            {refusal.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <ErrorAlert error={calendar.error} title="Could not load the calendar" />
      <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
        <ScrollArea type="auto">
          <Box
            style={{
              display: 'grid',
              gridTemplateColumns: `56px ${width.map((w) => `minmax(${w.min}px, ${w.share}fr)`).join(' ')}`,
              minWidth: 56 + width.reduce((sum, w) => sum + w.min, 0),
            }}
          >
            <Box />
            {columns.map((c) => (
              <Box
                key={c.key}
                p={6}
                style={{
                  borderLeft: '1px solid var(--mantine-color-default-border)',
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                  background:
                    c.date === today && view === 'week' ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Text fw={600} size="sm" ta="center">
                  {c.label}
                </Text>
              </Box>
            ))}
            <Box style={{ position: 'relative', height }} aria-hidden="true">
              {hours.map((h) => (
                <Text
                  key={h}
                  size="xs"
                  c="dimmed"
                  style={{ position: 'absolute', top: (h - dayStart) * PX - 7, right: 6 }}
                >
                  {timeLabel(hhmm(h % 1440))}
                </Text>
              ))}
            </Box>
            {columns.map((c) => (
              <Box
                key={c.key}
                data-col={c.key}
                data-day-start={dayStart}
                data-testid={`calendar-column-${c.date}${c.roomId !== undefined ? `-${c.label}` : ''}`}
                onClick={(e) => onColumnClick(e, c)}
                style={{
                  position: 'relative',
                  height,
                  borderLeft: '1px solid var(--mantine-color-default-border)',
                  backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-default-border) 0, var(--mantine-color-default-border) 1px, transparent 1px, transparent ${60 * PX}px)`,
                  cursor: canWrite ? 'copy' : undefined,
                  touchAction: drag?.active ? 'none' : undefined,
                }}
              >
                {by === 'clinician'
                  ? timeOff
                      .filter(
                        (t) => toLocal(t.startsAt, tz).date <= c.date && toLocal(t.endsAt, tz).date >= c.date,
                      )
                      .map((t) => {
                        const s = toLocal(t.startsAt, tz);
                        const e = toLocal(t.endsAt, tz);
                        const top = s.date < c.date ? dayStart : Math.max(dayStart, mm(s.time));
                        const bottom = e.date > c.date ? dayEnd : Math.min(dayEnd, mm(e.time));
                        return (
                          <Box
                            key={t.id}
                            style={{
                              position: 'absolute',
                              left: 0,
                              right: 0,
                              top: (top - dayStart) * PX,
                              height: Math.max(0, bottom - top) * PX,
                              background:
                                'repeating-linear-gradient(45deg, var(--mantine-color-gray-light), var(--mantine-color-gray-light) 6px, transparent 6px, transparent 12px)',
                            }}
                          >
                            <Text size="xs" p={4}>
                              Time off{t.reason ? `: ${t.reason}` : ''}
                            </Text>
                          </Box>
                        );
                      })
                  : null}
                {appts
                  .filter((a) => inColumn(a, c))
                  .map((a) => {
                    const p = place(a, tz);
                    return (
                      <CalendarVisit
                        key={a.id}
                        a={a}
                        top={(p.start - dayStart) * PX + 1}
                        height={Math.max(22, (p.end - p.start) * PX - 2)}
                        lane={lanes.get(c.key)?.get(a.id) ?? { lane: 0, lanes: 1 }}
                        showRoom={c.roomId === undefined}
                        dragging={Boolean(drag?.active && drag.appt.id === a.id)}
                        movable={movable(a)}
                        canWrite={canWrite}
                        highlighted={highlight === a.id}
                        onPointerDown={(e) => onBlockPointerDown(e, a)}
                        onOpen={() => {
                          setHighlight(null);
                          setOpenId(a.id);
                        }}
                      />
                    );
                  })}
                {drag?.active && drag.target?.col.key === c.key ? (
                  <Box
                    data-testid="drag-preview"
                    style={{
                      position: 'absolute',
                      left: 3,
                      right: 3,
                      top: (drag.target.minutes - dayStart) * PX,
                      height: ((Date.parse(drag.appt.endsAt) - Date.parse(drag.appt.startsAt)) / 60_000) * PX,
                      borderRadius: 6,
                      border: `2px dashed var(--mantine-color-${dragPreview?.result && !dragPreview.result.ok ? 'red' : 'blue'}-filled)`,
                      background: 'var(--mantine-color-body)',
                      padding: '2px 6px',
                      pointerEvents: 'none',
                      zIndex: 2,
                    }}
                  >
                    <Text size="xs" fw={700}>
                      {timeLabel(hhmm(drag.target.minutes))}
                    </Text>
                    <Text size="xs">
                      {dragPreview?.checking || !dragPreview
                        ? 'Checking…'
                        : dragPreview.result?.ok
                          ? 'Free'
                          : (dragPreview.result?.conflicts[0]?.message ??
                            dragPreview.result?.problems[0]?.message ??
                            'Not free')}
                    </Text>
                  </Box>
                ) : null}
              </Box>
            ))}
          </Box>
        </ScrollArea>
      </Paper>
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
