import { Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { therapyNote } from '../../../contracts/courses';
import { AddendumForm } from '../../components/AddendumForm';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { coursesKey, type Note, noteKey, notePath } from './course-query';

/** Addenda to a signed note: the signed text never changes; additions are dated and attributed. */
export function NoteAddenda({
  patientId,
  note,
  canWrite,
}: {
  patientId: string;
  note: Note;
  canWrite: boolean;
}) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.post(`${notePath(patientId, note.id)}/addenda`, { body: body.trim() }, { schema: therapyNote }),
    onSuccess: async (saved) => {
      qc.setQueryData(noteKey(patientId, note.id), saved);
      setBody('');
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
    },
  });
  return (
    <Stack gap="sm" component="section" aria-labelledby="addenda-heading">
      <Title order={2} size="h4" id="addenda-heading">
        Addenda
      </Title>
      {note.addenda.length === 0 ? <Text c="dimmed">No addenda.</Text> : null}
      {note.addenda.map((a) => (
        <Paper key={a.id} withBorder radius="md" p="md" data-testid="addendum">
          <Text size="sm" c="dimmed" mb={4}>
            {a.authorName ?? 'Unknown'} · {formatDateTime(a.createdAt)}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Text>
        </Paper>
      ))}
      {canWrite ? (
        <AddendumForm
          value={body}
          onChange={setBody}
          minRows={3}
          saving={add.isPending}
          error={add.error}
          onAdd={() => add.mutate()}
        />
      ) : null}
    </Stack>
  );
}
