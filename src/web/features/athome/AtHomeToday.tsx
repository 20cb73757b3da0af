import {
  Anchor,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconHome, IconPhone } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { BoardState } from '../../../domain/athome';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { formatSpan, formatTime, minutesAgo } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useNow } from '../sessions/use-now';
import { playAlertTone, useAlertSoundMuted } from './alert-sound';
import { atHomeUrl, type BoardRow, type Escalation, useBoard } from './athome-query';
import { EscalationCard } from './EscalationCard';
import { boardLook, dueItemWords } from './labels';

/** The remote board is for those who run sessions: nurses and prescribers. */
const useRunsSessions = () => useMe().data?.permissions.includes('session.run') ?? false;

/** The board leaves names out of its escalations; the one on call is named beside them. */
function withOnCallName(e: Escalation, onCall: { userId: string | null; name: string | null } | undefined) {
  const name = (p: { id: string; name: string | null } | null) =>
    p && !p.name && onCall?.name && p.id === onCall.userId ? { ...p, name: onCall.name } : p;
  return {
    ...e,
    assignedTo: name(e.assignedTo),
    acknowledged: e.acknowledged
      ? { ...e.acknowledged, by: name(e.acknowledged.by) ?? e.acknowledged.by }
      : null,
  };
}

/**
 * The top of Today (UX.md principle 1): at-home escalations not yet resolved, oldest first, in red with a
 * word and an icon. A new one arriving while the page is open plays a short tone (unless muted on this
 * device) and is announced to screen readers. Hidden when there are none.
 */
export function AtHomeEscalations() {
  const runs = useRunsSessions();
  const board = useBoard(runs);
  const seen = useRef<Set<string> | null>(null);
  const [announce, setAnnounce] = useState('');
  const [tones, setTones] = useState(0);
  const list = board.data?.escalations ?? [];

  useEffect(() => {
    if (!board.data) return;
    const ids = board.data.escalations.map((e) => e.id);
    // The first answer is what was already there when the page opened: the cards show it, without a tone.
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const fresh = board.data.escalations.filter((e) => !seen.current?.has(e.id));
    for (const id of ids) seen.current.add(id);
    if (!fresh.length) return;
    setAnnounce(`New at-home escalation: ${fresh.map((e) => `${e.patientName}, ${e.reason}`).join('; ')}`);
    if (playAlertTone()) setTones((n) => n + 1);
  }, [board.data]);

  if (!runs) return null;
  return (
    <>
      <VisuallyHidden aria-live="assertive">{announce}</VisuallyHidden>
      {list.length ? (
        <Stack
          gap="sm"
          component="section"
          aria-labelledby="athome-escalations-h"
          data-testid="athome-escalations"
          data-tones={tones}
        >
          <Group gap="sm">
            <IconAlertTriangle size={24} aria-hidden="true" color="var(--mantine-color-red-text)" />
            <Title order={2} size="h3" id="athome-escalations-h">
              At-home escalations ({list.length} open)
            </Title>
          </Group>
          {list.map((e) => (
            <EscalationCard key={e.id} task={withOnCallName(e, board.data?.onCall)} canAct showPatient />
          ))}
        </Stack>
      ) : null}
    </>
  );
}

const NEXT_WORDS = {
  upcoming: 'next',
  due: 'due now',
  missed: 'missed',
  done: 'done',
  not_needed: 'not needed',
} as const;

function Row({ s, now }: { s: BoardRow; now: number }) {
  const r = s.lastReading;
  const red = s.openEscalations > 0 || s.boardState === 'held' || s.boardState === 'overdue';
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component={Link}
      to={atHomeUrl(s.patientId, s.id)}
      data-testid="remote-board-card"
      data-state={s.boardState}
      aria-label={`${s.patientName}: ${s.boardWords}. Open the at-home session`}
      style={red ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
          <Text fw={700} size="lg">
            {s.patientName}
          </Text>
          <StateBadge look={boardLook(s.boardState as BoardState)} size="md" />
        </Group>
        <Text>
          Booked {formatTime(s.startsAt)} ·{' '}
          {s.doseTakenAt
            ? `dose taken ${formatTime(s.doseTakenAt)} (${formatSpan(now - Date.parse(s.doseTakenAt))} ago)`
            : 'no dose yet'}
        </Text>
        {r ? (
          <Group gap="sm" align="baseline" wrap="wrap" style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Text fz="1.5rem" fw={700} lh={1.1}>
              {r.sbp}/{r.dbp}
            </Text>
            <Text fw={600}>
              pulse {r.hr} · {minutesAgo(r.at, now)}
            </Text>
          </Group>
        ) : (
          <Text fw={600}>No home reading yet</Text>
        )}
        <Text size="sm">
          Sitter {s.sitterConfirmed ? 'confirmed' : 'not confirmed yet'}
          {s.nextDue
            ? ` · ${NEXT_WORDS[s.nextDue.status]}: ${dueItemWords(s.nextDue)} (due ${formatTime(s.nextDue.dueAt)})`
            : ''}
        </Text>
        {s.openEscalations ? (
          <Text size="sm" fw={700} c="var(--mantine-color-error)">
            <IconAlertTriangle size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} />{' '}
            {s.openEscalations} escalation{s.openEscalations === 1 ? '' : 's'} open
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * The remote board (issue #16): every at-home session of the clinic's day, its state in words, the last home
 * reading, the time since the dose, and who is on call. Refreshes every 15 seconds.
 */
export function RemoteBoard() {
  const runs = useRunsSessions();
  const board = useBoard(runs);
  const now = useNow(15_000);
  const [muted, setMuted] = useAlertSoundMuted();
  if (!runs) return null;
  const d = board.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="remote-board-h" data-testid="remote-board">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <ThemeIcon variant="light" size="lg" radius="md" aria-hidden="true">
            <IconHome size={20} />
          </ThemeIcon>
          <Title order={2} size="h3" id="remote-board-h">
            Remote board
          </Title>
        </Group>
        <Switch
          label="Sound for new escalations"
          checked={!muted}
          onChange={(e) => setMuted(!e.currentTarget.checked)}
        />
      </Group>
      {d ? (
        <Text data-testid="on-call">
          <IconPhone size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> On call:{' '}
          {d.onCall.name ?? 'nobody set'}
          {d.onCall.phone ? (
            <>
              {' · '}
              <Anchor href={`tel:${d.onCall.phone.replace(/[^+0-9]/g, '')}`} underline="always">
                {d.onCall.phone}
              </Anchor>
            </>
          ) : null}
        </Text>
      ) : null}
      {board.isPending ? <Loading label="Loading the remote board" /> : null}
      <ErrorAlert error={board.error} title="Could not load the remote board" />
      {d && d.sessions.length === 0 ? <Text c="dimmed">No at-home sessions today.</Text> : null}
      {d?.sessions.length ? (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
          {d.sessions.map((s) => (
            <Row key={s.id} s={s} now={now} />
          ))}
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}
