import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconHandStop, IconPencil } from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import { formatTime } from '../../lib/format';
import { entrySummary, KIND_LABELS, kindPhrase, vitalLabel } from './entries';
import { discard, type QueuedWrite, retry } from './offline-queue';
import { PendingBadge } from './PendingBadge';
import { Section } from './Section';
import type { ConsoleState, Entry } from './session-query';

const CORRECTABLE = new Set(['vitals', 'sedation', 'dissociation', 'observation', 'intervention']);

function offset(at: string, firstDoseAt: string | null): string {
  if (!firstDoseAt) return 'before the dose';
  const min = Math.round((Date.parse(at) - Date.parse(firstDoseAt)) / 60_000);
  return min < 0 ? `${-min} min before the dose` : `+${min} min`;
}

function Row({
  entry,
  state,
  onCorrect,
}: {
  entry: Entry;
  state: ConsoleState;
  onCorrect?: (e: Entry) => void;
}) {
  const byId = (id: string | null) => state.entries.find((e) => e.id === id);
  const correction = byId(entry.correctedBy);
  const original = byId(entry.correctsId);
  const replaced = Boolean(entry.correctedBy);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-corrected={replaced}
      style={replaced ? { borderStyle: 'dashed', borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2} miw={0} style={{ flex: '1 1 260px' }}>
          <Group gap="sm" wrap="wrap">
            <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatTime(entry.at)}
            </Text>
            <Text size="sm" c="dimmed">
              {offset(entry.at, state.session.firstDoseAt)}
            </Text>
            <Text fw={600}>{KIND_LABELS[entry.kind] ?? entry.kind}</Text>
            {entry.alerts.map((a) => (
              <Badge
                key={a.ruleId}
                color="red"
                variant="light"
                size="lg"
                styles={NO_CLIP}
                leftSection={
                  a.level === 'hold' ? (
                    <IconHandStop size={14} aria-hidden="true" />
                  ) : (
                    <IconAlertOctagon size={14} aria-hidden="true" />
                  )
                }
              >
                {a.level === 'hold' ? 'Hold' : 'Alert'}: {vitalLabel(a.vital)}
              </Badge>
            ))}
          </Group>
          <Text size="lg" td={replaced ? 'line-through' : undefined}>
            {entrySummary(entry.kind, entry.data, state.session.route)}
          </Text>
          <Text size="sm" c="dimmed">
            Recorded by {entry.recordedByName ?? 'unknown'}
            {entry.recordedAt.slice(0, 16) !== entry.at.slice(0, 16)
              ? ` at ${formatTime(entry.recordedAt)}`
              : ''}
          </Text>
          {replaced ? (
            <Text size="sm" fw={600} data-testid="corrected-by">
              Corrected by {correction?.recordedByName ?? 'a clinician'} — see the entry at{' '}
              {formatTime(correction?.at)}
            </Text>
          ) : null}
          {original ? (
            <Text size="sm" fw={600}>
              Correction of the entry at {formatTime(original.at)}
            </Text>
          ) : null}
        </Stack>
        {onCorrect && !replaced && CORRECTABLE.has(entry.kind) ? (
          <Button
            variant="subtle"
            leftSection={<IconPencil size={18} aria-hidden="true" />}
            onClick={() => onCorrect(entry)}
            aria-label={`Correct the ${kindPhrase(entry.kind)} entry at ${formatTime(entry.at)}`}
          >
            Correct
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}

function QueuedRow({ item }: { item: QueuedWrite }) {
  const rejected = item.status === 'rejected';
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="queued-entry"
      style={{
        borderColor: rejected ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-orange-6)',
        borderWidth: 2,
      }}
    >
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatTime(String(item.body.at ?? item.createdAt))}
          </Text>
          <Text size="lg">{item.label}</Text>
          <PendingBadge rejected={rejected} />
        </Group>
        {item.error ? (
          <Text size="sm">
            {rejected
              ? `The server refused it: ${item.error}`
              : `Last try: ${item.error} It stays on this device and is retried automatically.`}
          </Text>
        ) : null}
        <Group gap="xs">
          <Button variant="default" onClick={() => retry(item.key)}>
            Retry now
          </Button>
          {rejected ? (
            <Button variant="subtle" color="red" onClick={() => discard(item.key)}>
              Discard
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Every entry, newest first, attributed; corrections are shown beside what they replace, never hidden. */
export function Timeline({
  state,
  queued,
  onCorrect,
}: {
  state: ConsoleState;
  queued: QueuedWrite[];
  onCorrect?: (e: Entry) => void;
}) {
  const entries = [...state.entries].sort(
    (a, b) => b.at.localeCompare(a.at) || b.recordedAt.localeCompare(a.recordedAt),
  );
  return (
    <Section id="timeline" title="Monitoring timeline">
      {queued.length === 0 && entries.length === 0 ? <Text c="dimmed">Nothing recorded yet.</Text> : null}
      <Stack gap="xs">
        {[...queued].reverse().map((q) => (
          <QueuedRow key={q.key} item={q} />
        ))}
        {entries.map((e) => (
          <Row key={e.id} entry={e} state={state} onCorrect={onCorrect} />
        ))}
      </Stack>
    </Section>
  );
}
