import { Text, UnstyledButton } from '@mantine/core';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { CATEGORY_COLOR, timeLabel, visitStatus } from '../labels';
import type { Appointment } from '../scheduling-query';
import type { Lane } from './calendar-layout';

interface Props {
  a: Appointment;
  /** Pixel top and height in the column. */
  top: number;
  height: number;
  /** Its lane among the visits it overlaps: blocks sit side by side, never over each other. */
  lane: Lane;
  /** Whether the room is named on the block (not in a column that is the room). */
  showRoom: boolean;
  dragging: boolean;
  movable: boolean;
  canWrite: boolean;
  /** Just booked: outlined until something else is chosen. */
  highlighted: boolean;
  onPointerDown: (e: ReactPointerEvent) => void;
  onOpen: () => void;
}

/** One visit on the day grid: a button naming the patient, the kind of visit and the time. */
export function CalendarVisit({
  a,
  top,
  height,
  lane,
  showRoom,
  dragging,
  movable,
  canWrite,
  highlighted,
  onPointerDown,
  onOpen,
}: Props) {
  const cancelled = a.status === 'cancelled' || a.status === 'no_show';
  const color = CATEGORY_COLOR[a.type.category] ?? 'gray';
  const status = visitStatus(a.status);
  const label = `${a.patientName}, ${a.type.name}, ${timeLabel(a.localStart)} to ${timeLabel(a.localEnd)}, ${status.label}${a.roomName ? `, ${a.roomName}` : ''}`;
  const width = 100 / lane.lanes;
  return (
    <UnstyledButton
      data-appt={a.id}
      data-testid="calendar-visit"
      data-masked={a.masked || undefined}
      data-highlighted={highlighted || undefined}
      aria-disabled={a.masked || undefined}
      aria-label={highlighted ? `${label}, just booked` : label}
      title={label}
      onPointerDown={onPointerDown}
      onClick={(e) => {
        // A visit that can be dragged opens on pointer-up (a press without a drag); the keyboard, and visits
        // that cannot be moved, open on click.
        if (!a.masked && (e.detail === 0 || !movable)) onOpen();
      }}
      style={{
        position: 'absolute',
        left: `calc(${lane.lane * width}% + 3px)`,
        width: `calc(${width}% - 6px)`,
        top,
        height,
        borderRadius: 6,
        padding: lane.lanes > 1 ? '2px 4px' : '2px 6px',
        overflow: 'hidden',
        background: `var(--mantine-color-${color}-light)`,
        borderLeft: `4px solid var(--mantine-color-${color}-filled)`,
        outline: highlighted ? '3px solid var(--mantine-primary-color-filled)' : undefined,
        outlineOffset: highlighted ? 1 : undefined,
        zIndex: highlighted ? 1 : undefined,
        opacity: dragging ? 0.45 : cancelled ? 0.6 : 1,
        textDecoration: cancelled ? 'line-through' : undefined,
        cursor: a.masked ? 'default' : canWrite && !cancelled ? 'grab' : 'pointer',
        touchAction: canWrite ? 'none' : undefined,
        userSelect: 'none',
      }}
    >
      {lane.lanes > 1 ? (
        // Side by side, a block is narrow: the time and the name each get their own line.
        <>
          <Text size="xs" fw={700} lh={1.25} truncate>
            {timeLabel(a.localStart)}
          </Text>
          <Text size="xs" fw={700} lh={1.25} truncate>
            {a.patientName}
          </Text>
        </>
      ) : (
        <Text size="xs" fw={700} lh={1.25} truncate>
          {timeLabel(a.localStart)} {a.patientName}
        </Text>
      )}
      <Text size="xs" lh={1.25} truncate>
        {a.type.name}
        {a.roomName && showRoom ? ` · ${a.roomName}` : ''}
      </Text>
      {a.status !== 'booked' ? (
        <Text size="xs" lh={1.25} fw={600} truncate>
          {status.label}
        </Text>
      ) : null}
    </UnstyledButton>
  );
}
