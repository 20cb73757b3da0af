import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArrowLeft, IconInfoCircle, IconLock, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { therapyNote } from '../../../contracts/courses';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StateBadge } from '../../components/StateBadge';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { JournalOffers } from '../journal/JournalOffers';
import { useChart } from '../patients/patient-query';
import { chartUrl, coursesKey, type Note, noteKey, notePath, useNote } from './course-query';
import { lookOf, NOTE_KIND_LABELS, NOTE_STATUS } from './labels';
import { NoteAddenda } from './NoteAddenda';
import { NoteContextPanel } from './NoteContextPanel';
import { fieldsFor } from './note-fields';
import { SaveIndicator } from './SaveIndicator';
import { useNoteAutosave } from './use-note-autosave';

const words = (s: string) => (s.trim() ? s.trim().split(/\s+/).length : 0);

function ReadOnly({ note }: { note: Note }) {
  return (
    <Stack gap="lg" data-testid="note-readonly">
      {fieldsFor(note.kind, note.content).map((f) => (
        <Stack key={f.key} gap={4}>
          <Title order={2} size="h5">
            {f.label}
          </Title>
          {note.content[f.key].trim() ? (
            <Text style={{ whiteSpace: 'pre-wrap' }} size="lg" lh={1.6}>
              {note.content[f.key]}
            </Text>
          ) : (
            <Text c="dimmed">Not written.</Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

/** A calm, distraction-free editor for preparation and integration notes that saves as the therapist types. */
export default function NoteEditorPage() {
  const { patientId = '', noteId = '' } = useParams();
  const me = useMe().data;
  const qc = useQueryClient();
  const note = useNote(patientId, noteId);
  const chart = useChart(patientId);
  const [confirming, setConfirming] = useState(false);
  const n = note.data;
  const editable = Boolean(n && n.status === 'draft' && n.authorId === me?.user.id);
  const autosave = useNoteAutosave(patientId, n, editable);

  const sign = useMutation({
    mutationFn: async () => {
      if (!(await autosave.flush()))
        throw new Error('The latest text is not saved yet. Wait for “Saved”, then sign.');
      return api.post(`${notePath(patientId, noteId)}/sign`, {}, { schema: therapyNote });
    },
    onSuccess: async (signed) => {
      qc.setQueryData(noteKey(patientId, noteId), signed);
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
      setConfirming(false);
    },
  });

  if (note.isPending) return <Loading label="Opening the note" />;
  if (note.error) return <ErrorAlert error={note.error} title="Could not open the note" />;
  if (!n) return null;
  const p = chart.data?.patient;
  const kind = NOTE_KIND_LABELS[n.kind] ?? n.kind;
  const content = editable ? autosave.content : n.content;
  const filled = content ? fieldsFor(n.kind, content).filter((f) => content[f.key].trim()) : [];

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Anchor component={Link} to={chartUrl(patientId, 'course')} size="sm" w="fit-content">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Back to{' '}
        {p ? `${p.firstName} ${p.lastName}` : 'the chart'}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <PageTitle mb={4}>{`${kind} note`}</PageTitle>
          <Group gap="sm" wrap="wrap">
            <Text size="lg">
              {p ? `${p.firstName} ${p.lastName} · ` : ''}
              {formatDate(n.sessionDate)} · {n.authorName ?? 'Unknown author'}
            </Text>
            <StateBadge look={lookOf(NOTE_STATUS, n.status)} data-testid="note-status" />
          </Group>
        </div>
        {editable ? <SaveIndicator state={autosave.state} savedAt={autosave.savedAt} /> : null}
      </Group>

      {autosave.restored && editable ? (
        <Alert color="lagoon" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
          Text typed earlier on this device had not reached the server; it is back in the editor and being
          saved.
        </Alert>
      ) : null}
      {autosave.state === 'conflict' ? (
        <Alert color="red" variant="light" role="alert" title="This note was saved from another window">
          <Stack gap="sm">
            <Text>
              Your text is kept here and has not been lost. Choose which text to keep: yours (saved over the
              other window’s), or the other window’s (what you typed here since then is discarded).
            </Text>
            <Group>
              <Button onClick={() => void autosave.resolve('mine')}>Keep my text</Button>
              <Button variant="default" onClick={() => void autosave.resolve('theirs')}>
                Load the other version
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {autosave.state === 'error' ? (
        <ErrorAlert error={autosave.error} title="The note could not be saved" />
      ) : null}
      {n.status === 'draft' && !editable ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
          A draft by {n.authorName ?? 'another clinician'}: only the author edits and signs it.
        </Alert>
      ) : null}

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {editable && content ? (
            <form aria-label={`${kind} note`} onSubmit={(e) => e.preventDefault()}>
              <Stack gap="lg">
                {fieldsFor(n.kind, content).map((f) => (
                  <Textarea
                    key={f.key}
                    label={f.label}
                    description={f.description}
                    autosize
                    minRows={f.minRows}
                    size="md"
                    styles={{ input: { fontSize: '1.0625rem', lineHeight: 1.6 }, label: { fontWeight: 600 } }}
                    value={content[f.key]}
                    onChange={(e) => autosave.change(f.key, e.currentTarget.value)}
                  />
                ))}
              </Stack>
            </form>
          ) : (
            <ReadOnly note={n} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <NoteContextPanel patientId={patientId} note={n} />
            {editable && content && n.kind === 'integration' ? (
              <JournalOffers
                patientId={patientId}
                courseId={n.courseId}
                fields={fieldsFor(n.kind, content).map((f) => ({ key: f.key, label: f.label }))}
                onInsert={(key, quote) => {
                  const k = key as keyof typeof content;
                  const before = content[k].trimEnd();
                  autosave.change(k, before ? `${before}\n\n${quote}` : quote);
                }}
              />
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>

      {editable ? (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" wrap="wrap">
            <Text c="dimmed" maw={560}>
              When the note is complete, sign it. Signing locks the text; anything to add later goes in an
              addendum.
            </Text>
            <Button
              leftSection={<IconSignature size={18} aria-hidden="true" />}
              onClick={() => setConfirming(true)}
            >
              Sign and lock
            </Button>
          </Group>
        </Paper>
      ) : null}
      {n.status === 'signed' ? (
        <Alert color="green" variant="light" icon={<IconLock aria-hidden="true" />} data-testid="note-locked">
          Signed by {n.authorName ?? 'the author'} on {formatDateTime(n.signedAt)}. The text is locked; add an
          addendum to correct or add to it.
        </Alert>
      ) : null}
      {n.status === 'signed' ? (
        <NoteAddenda
          patientId={patientId}
          note={n}
          canWrite={me?.permissions.includes('clinical.write') ?? false}
        />
      ) : null}

      <ConfirmModal
        opened={confirming}
        title={`Sign and lock this ${kind.toLowerCase()} note?`}
        confirmLabel="Sign and lock"
        loading={sign.isPending}
        error={sign.error}
        onConfirm={() => sign.mutate()}
        onClose={() => {
          sign.reset();
          setConfirming(false);
        }}
      >
        <Stack gap="xs">
          <Text>
            The note for {p ? `${p.firstName} ${p.lastName}` : 'this patient'} dated{' '}
            {formatDate(n.sessionDate)} will be signed by {me?.user.name} now and locked. It can no longer be
            edited; later additions go in an addendum.
          </Text>
          <Text>
            Sections written:{' '}
            {filled.length
              ? filled.map((f) => `${f.label} (${words(content?.[f.key] ?? '')} words)`).join(', ')
              : 'none — an empty note cannot be signed'}
            .
          </Text>
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
