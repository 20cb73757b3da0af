import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconPencil, IconPlus, IconShare, IconShareOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { CrisisBar } from '../public/CrisisNotice';
import { EntryEditor } from './EntryEditor';
import {
  type JournalEntryOut,
  type PortalJournal,
  refreshJournal,
  shareEntry,
  usePortalJournal,
  withdrawEntry,
} from './journal-query';
import { dayTimeWords, dayWords, entryHeading, sessionWords } from './words';

type Editing =
  | {
      kind: 'new';
      entryKind: 'intention' | 'reflection' | 'free';
      promptKey: string | null;
      label: string;
      description?: string;
    }
  | { kind: 'edit'; entry: JournalEntryOut };

/** Said before the patient writes anything: who can read it, who is told, and that it is not for emergencies. */
export function PrivacyNotice() {
  return (
    <Alert
      icon={<IconLock aria-hidden="true" />}
      color="blue"
      variant="light"
      title="Your journal is private"
    >
      <Stack gap={4}>
        <Text size="sm">
          Only you can read what you write here. Your care team sees an entry only if you choose to share it,
          and you can stop sharing at any time.
        </Text>
        <Text size="sm">
          Private entries never notify anyone, whatever they say. The journal is not for emergencies: if you
          are in crisis, call or text{' '}
          <Anchor href="tel:988" underline="always" fw={700} size="sm">
            988
          </Anchor>{' '}
          or call{' '}
          <Anchor href="tel:911" underline="always" fw={700} size="sm">
            911
          </Anchor>
          .
        </Text>
      </Stack>
    </Alert>
  );
}

function sharingWords(e: JournalEntryOut): string {
  const last = e.history.at(-1);
  if (e.shared && last) return `Shared with your care team on ${dayWords(last.at)}`;
  if (!e.shared && last?.action === 'withdraw')
    return `Private again since ${dayWords(last.at)} (you stopped sharing)`;
  return 'Private: only you can read it';
}

function EntryCard({ e, onEdit }: { e: JournalEntryOut; onEdit: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await (e.shared ? withdrawEntry(e.id) : shareEntry(e.id));
      await refreshJournal();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const heading = entryHeading(e);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-label={heading}
      data-testid="journal-entry"
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Title order={3} size="h5">
            {heading}
          </Title>
          <Badge color={e.shared ? 'teal' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
            {e.shared ? 'Shared' : 'Private'}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Written {dayTimeWords(e.createdAt)}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{e.body}</Text>
        <Text size="sm" c="dimmed">
          {sharingWords(e)}
        </Text>
        <ErrorAlert error={error} title="That did not work" />
        <Group gap="sm">
          <Button
            size="md"
            variant="default"
            leftSection={<IconPencil size={18} aria-hidden="true" />}
            onClick={onEdit}
          >
            Edit
          </Button>
          <Button
            size="md"
            variant={e.shared ? 'default' : 'light'}
            loading={busy}
            leftSection={
              e.shared ? (
                <IconShareOff size={18} aria-hidden="true" />
              ) : (
                <IconShare size={18} aria-hidden="true" />
              )
            }
            onClick={() => void toggle()}
          >
            {e.shared ? 'Stop sharing' : 'Share with my care team'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function DuePrompts({ data, onWrite }: { data: PortalJournal; onWrite: (e: Editing) => void }) {
  if (!data.due.length) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="journal-due-h">
      <Title order={2} size="h4" id="journal-due-h">
        Prompts for you now
      </Title>
      {data.due.map((p) => (
        <Card key={p.key} withBorder radius="md" padding="md" data-testid="journal-prompt">
          <Stack gap="xs">
            <Title order={3} size="h5">
              {p.title}
            </Title>
            <Text size="sm" c="dimmed">
              {p.kind === 'intention' ? 'Before your' : 'After your'}{' '}
              {sessionWords(p.session).replace(/^./, (c) => c.toLowerCase())}
            </Text>
            <Text>{p.body}</Text>
            <Group>
              <Button
                size="md"
                leftSection={<IconPencil size={18} aria-hidden="true" />}
                onClick={() =>
                  onWrite({
                    kind: 'new',
                    entryKind: p.kind,
                    promptKey: p.key,
                    label: p.title,
                    description: p.body,
                  })
                }
              >
                {p.kind === 'intention' ? 'Write your intention' : 'Write a reflection'}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** /portal/journal: the patient's integration journal, phone first. */
export default function PortalJournalPage() {
  const q = usePortalJournal();
  const [editing, setEditing] = useState<Editing | null>(null);
  return (
    <Stack gap="lg" maw={640} mx="auto" w="100%">
      <CrisisBar />
      <Group justify="space-between">
        <PageTitle>Your journal</PageTitle>
        <Anchor component={Link} to="/portal" underline="always">
          Back to your portal
        </Anchor>
      </Group>
      <PrivacyNotice />
      {q.isPending ? <Loading label="Loading your journal" /> : null}
      <ErrorAlert error={q.error} title="Your journal could not be loaded" />
      {editing ? (
        <Card withBorder radius="md" padding="md" component="section" aria-label="Writing an entry">
          {editing.kind === 'new' ? (
            <EntryEditor
              kind={editing.entryKind}
              promptKey={editing.promptKey}
              label={editing.label}
              description={editing.description}
              onDone={() => setEditing(null)}
            />
          ) : (
            <EntryEditor
              kind={editing.entry.kind}
              promptKey={editing.entry.promptKey}
              label={entryHeading(editing.entry)}
              existing={editing.entry}
              onDone={() => setEditing(null)}
            />
          )}
        </Card>
      ) : q.data ? (
        <>
          <DuePrompts data={q.data} onWrite={setEditing} />
          <Group>
            <Button
              size="md"
              variant="light"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              onClick={() =>
                setEditing({
                  kind: 'new',
                  entryKind: 'free',
                  promptKey: null,
                  label: 'Write freely',
                  description: 'Anything on your mind, in your own words.',
                })
              }
            >
              New entry
            </Button>
          </Group>
          <Stack gap="sm" component="section" aria-labelledby="journal-entries-h">
            <Title order={2} size="h4" id="journal-entries-h">
              Your entries
            </Title>
            {q.data.entries.length === 0 ? <Text c="dimmed">Nothing written yet.</Text> : null}
            {q.data.entries.map((e) => (
              <EntryCard key={e.id} e={e} onEdit={() => setEditing({ kind: 'edit', entry: e })} />
            ))}
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}
