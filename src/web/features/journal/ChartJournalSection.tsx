import { Badge, Blockquote, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import type { SharedEntryOut } from '../../../contracts/journal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useCourses } from '../courses/course-query';
import { useSharedJournal } from './journal-query';
import { dayTimeWords, dayWords, KIND_WORDS, sessionWords } from './words';

/** One shared (or formerly shared) entry; anchor `journal-entry-<id>` so a care task can link straight to it. */
export function SharedEntryCard({ e }: { e: SharedEntryOut }) {
  const kind = KIND_WORDS[e.kind] ?? 'Journal entry';
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      id={`journal-entry-${e.id}`}
      aria-label={`${kind} written ${dayWords(e.writtenAt)}`}
      data-testid="shared-journal-entry"
      style={{ scrollMarginTop: 80 }}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h5">
            {kind}, written {dayTimeWords(e.writtenAt)}
          </Title>
          {e.shared ? (
            <Badge color="teal" variant="light">
              Shared
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              No longer shared
            </Badge>
          )}
        </Group>
        {e.crisis ? (
          <Group gap={6}>
            <IconAlertTriangle size={16} aria-hidden="true" color="var(--mantine-color-red-7)" />
            <Text size="sm" c="red.8" fw={600}>
              Crisis language: an urgent task was opened for the care team.
            </Text>
          </Group>
        ) : null}
        {e.shared && e.body !== null ? (
          <Blockquote p="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {e.body}
          </Blockquote>
        ) : (
          <Text size="sm" c="dimmed">
            The patient stopped sharing this entry; its text is not shown.
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {e.firstSharedAt ? `Shared on ${dayWords(e.lastSharedAt ?? e.firstSharedAt)}` : ''}
          {e.withdrawnAt ? `, sharing stopped on ${dayWords(e.withdrawnAt)}` : ''}
        </Text>
      </Stack>
    </Card>
  );
}

/**
 * The chart's journal section: what the patient chose to share, beside the dosing session each entry was
 * written for (intentions before it, reflections after it); entries the patient stopped sharing show only
 * their dates. Entries never shared are not known to staff at all.
 */
export function ChartJournalSection({ patientId }: { patientId: string }) {
  const q = useSharedJournal(patientId);
  const courses = useCourses(patientId);
  const { hash } = useLocation();
  useEffect(() => {
    if (!q.data || !hash.startsWith('#journal-entry-')) return;
    document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [q.data, hash]);
  if (q.isPending) return <Loading label="Loading the shared journal" />;
  if (q.error) return <ErrorAlert error={q.error} title="The shared journal could not be loaded" />;
  const entries = q.data.entries;
  // Past in-clinic sessions run on the console (the chart's course list): an entry written for no particular
  // session sits after the last session dosed before it was written.
  const dosed = (courses.data?.courses ?? [])
    .flatMap((c) => c.sessions.map((x) => ({ ...x, courseId: c.id })))
    .filter((x) => x.firstDoseAt)
    .sort((a, b) => ((a.firstDoseAt as string) < (b.firstDoseAt as string) ? -1 : 1));
  const groups = new Map<string, { title: string; at: string; entries: SharedEntryOut[] }>();
  for (const e of entries) {
    const after = e.session ? null : dosed.filter((x) => (x.firstDoseAt as string) <= e.writtenAt).at(-1);
    const key = e.session ? `${e.session.type}:${e.session.id}` : after ? `dosing:${after.id}` : 'none';
    const g = groups.get(key) ?? {
      title: e.session
        ? sessionWords(e.session)
        : after
          ? `After dosing session ${after.number} at the clinic on ${dayWords(after.firstDoseAt as string)}`
          : 'Before the first dosing session',
      at: e.session?.startsAt ?? after?.firstDoseAt ?? '',
      entries: [],
    };
    g.entries.push(e);
    groups.set(key, g);
  }
  const order = { intention: 0, reflection: 1, free: 2 } as Record<string, number>;
  const sorted = [...groups.values()].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <Stack gap="lg" data-testid="chart-journal">
      <Text>
        Entries the patient chose to share from their journal, beside the session each was written for. The
        patient can stop sharing at any time; the text then disappears from the chart.
      </Text>
      {entries.length === 0 ? <Text c="dimmed">The patient has not shared any journal entries.</Text> : null}
      {sorted.map((g) => (
        <Stack key={g.title} gap="sm" component="section" aria-label={g.title}>
          <Title order={3} size="h4">
            {g.title}
          </Title>
          {g.entries
            .sort(
              (a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3) || (a.writtenAt < b.writtenAt ? -1 : 1),
            )
            .map((e) => (
              <SharedEntryCard key={e.id} e={e} />
            ))}
        </Stack>
      ))}
    </Stack>
  );
}
