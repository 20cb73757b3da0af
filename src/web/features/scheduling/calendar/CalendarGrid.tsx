import { Box, Paper, ScrollArea, Text } from '@mantine/core';
import type { MouseEvent, PointerEvent as ReactPointerEvent } from 'react';
import type { z } from 'zod';
import type { timeOff } from '../../../../contracts/scheduling';
import { timeLabel, toLocal } from '../labels';
import type { Appointment } from '../scheduling-query';
import { CalendarVisit } from './CalendarVisit';
import { type Column, hhmm, mm, PX, place } from './calendar-grid';
import { type Lane, maxLanes } from './calendar-layout';
import type { DragPreview, DragState } from './use-drag-move';

type TimeOff = z.infer<typeof timeOff>;

/** A clinician's time off across a column, hatched. */
function TimeOffBlocks({
  timeOff,
  column,
  tz,
  dayStart,
  dayEnd,
}: {
  timeOff: TimeOff[];
  column: Column;
  tz: string;
  dayStart: number;
  dayEnd: number;
}) {
  const c = column;
  return timeOff
    .filter((t) => toLocal(t.startsAt, tz).date <= c.date && toLocal(t.endsAt, tz).date >= c.date)
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
    });
}

/** Where a dragged visit would land, with the server's answer: free, or why not. */
function DropPreview({
  drag,
  preview,
  dayStart,
}: {
  drag: DragState & { target: NonNullable<DragState['target']> };
  preview: DragPreview | null;
  dayStart: number;
}) {
  return (
    <Box
      data-testid="drag-preview"
      style={{
        position: 'absolute',
        left: 3,
        right: 3,
        top: (drag.target.minutes - dayStart) * PX,
        height: ((Date.parse(drag.appt.endsAt) - Date.parse(drag.appt.startsAt)) / 60_000) * PX,
        borderRadius: 6,
        border: `2px dashed var(--mantine-color-${preview?.result && !preview.result.ok ? 'red' : 'blue'}-filled)`,
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
        {preview?.checking || !preview
          ? 'Checking…'
          : preview.result?.ok
            ? 'Free'
            : (preview.result?.conflicts[0]?.message ?? preview.result?.problems[0]?.message ?? 'Not free')}
      </Text>
    </Box>
  );
}

/**
 * The calendar's grid: a header row of columns (days, or rooms), the hours down the side, and in each column
 * its visits side by side where they overlap, time off (by clinician) and, while dragging, the drop preview.
 */
export function CalendarGrid({
  columns,
  lanes,
  appts,
  inColumn,
  timeOff,
  tz,
  today,
  dayStart,
  dayEnd,
  weekView,
  byClinician,
  canWrite,
  highlight,
  drag,
  dragPreview,
  movable,
  onBlockPointerDown,
  onOpen,
  onColumnClick,
}: {
  columns: Column[];
  lanes: Map<string, Map<string, Lane>>;
  appts: Appointment[];
  inColumn: (a: Appointment, c: Column) => boolean;
  timeOff: TimeOff[];
  tz: string;
  today: string;
  dayStart: number;
  dayEnd: number;
  weekView: boolean;
  byClinician: boolean;
  canWrite: boolean;
  highlight: string | null;
  drag: DragState | null;
  dragPreview: DragPreview | null;
  movable: (a: Appointment) => boolean;
  onBlockPointerDown: (e: ReactPointerEvent, a: Appointment) => void;
  onOpen: (a: Appointment) => void;
  onColumnClick: (e: MouseEvent, c: Column) => void;
}) {
  // A day with visits side by side gets more room than a quiet one (up to three lanes' worth).
  const width = columns.map((c) => {
    const n = Math.min(3, maxLanes(lanes.get(c.key) ?? new Map()));
    return { min: Math.max(140, 95 * n), share: n };
  });
  const height = (dayEnd - dayStart) * PX;
  const hours = Array.from({ length: (dayEnd - dayStart) / 60 + 1 }, (_, i) => dayStart + i * 60);
  return (
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
                background: c.date === today && weekView ? 'var(--mantine-primary-color-light)' : undefined,
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
              {byClinician ? (
                <TimeOffBlocks timeOff={timeOff} column={c} tz={tz} dayStart={dayStart} dayEnd={dayEnd} />
              ) : null}
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
                      onOpen={() => onOpen(a)}
                    />
                  );
                })}
              {drag?.active && drag.target?.col.key === c.key ? (
                <DropPreview
                  drag={{ ...drag, target: drag.target }}
                  preview={dragPreview}
                  dayStart={dayStart}
                />
              ) : null}
            </Box>
          ))}
        </Box>
      </ScrollArea>
    </Paper>
  );
}
