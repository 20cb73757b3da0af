import { type PointerEvent as ReactPointerEvent, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { dayLabel, localToUtc, timeLabel } from '../labels';
import { type Appointment, type CheckResult, checkMove, useMove } from '../scheduling-query';
import { type Column, DRAG_THRESHOLD, hhmm, PX, place, SNAP } from './calendar-grid';

export interface DragState {
  appt: Appointment;
  pointerId: number;
  startX: number;
  startY: number;
  /** Minutes between the pointer and the block's top when the drag began. */
  grabOffset: number;
  active: boolean;
  target: { col: Column; minutes: number } | null;
}

export interface DragPreview {
  key: string;
  result: CheckResult | null;
  checking: boolean;
}

export interface MoveRefusal {
  title: string;
  reasons: string[];
}

const targetKey = (t: DragState['target']) => (t ? `${t.col.key}|${t.col.date}|${t.minutes}` : '');

/**
 * Drag a visit to move it. While dragging, the server is asked (a dry run) whether the slot under the pointer
 * is free; a drop on a slot known to clash is refused with the reasons, otherwise the visit moves (and the
 * patient is told). A press that never becomes a drag opens the visit (`onOpen`).
 */
export function useDragMove({
  columns,
  dayStart,
  dayEnd,
  tz,
  canWrite,
  onOpen,
}: {
  columns: Column[];
  dayStart: number;
  dayEnd: number;
  tz: string;
  canWrite: boolean;
  onOpen: (id: string) => void;
}) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  dragRef.current = drag;
  const [preview, setPreview] = useState<DragPreview | null>(null);
  const [refusal, setRefusal] = useState<MoveRefusal | null>(null);
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
        onOpen(d.appt.id);
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

  /** The dry run's answer for the slot under the pointer, once it is for that slot. */
  const dragPreview =
    drag?.active && drag.target ? (preview?.key === targetKey(drag.target) ? preview : null) : null;

  return {
    drag,
    dragPreview,
    refusal,
    dismissRefusal: () => setRefusal(null),
    movable,
    onBlockPointerDown,
  };
}
