import {
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowsExchange, IconNote } from '@tabler/icons-react';
import { enquiryNoteBody, enquiryStatusBody } from '../../../contracts/enquiries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type EnquiryDetail, useEnquiryActions } from './enquiry-query';
import { ENQUIRY_STATUS_LABELS, enquiryStatusLabel } from './labels';

const SETTABLE = (['new', 'contacted', 'consultation_booked', 'declined'] as const).map((s) => ({
  value: s,
  label: ENQUIRY_STATUS_LABELS[s],
}));

/** Moving the enquiry along (with an optional note), adding notes, and the history of both. */
export function EnquiryNotes({ enquiry }: { enquiry: EnquiryDetail }) {
  const { setStatus, addNote } = useEnquiryActions(enquiry.id);
  const converted = enquiry.status === 'converted';

  const statusForm = useForm({
    initialValues: { status: (enquiry.status === 'converted' ? 'new' : enquiry.status) as string, note: '' },
    validate: (v) => zodResolver(enquiryStatusBody)({ status: v.status, note: v.note.trim() || undefined }),
  });
  const noteForm = useForm({ initialValues: { body: '' }, validate: zodResolver(enquiryNoteBody) });

  const saveStatus = statusForm.onSubmit((v) =>
    setStatus.mutate(
      { status: v.status as 'new', note: v.note.trim() || undefined },
      {
        onSuccess: (res) => {
          statusForm.setFieldValue('note', '');
          statusForm.resetDirty({ status: res.status === 'converted' ? 'new' : res.status, note: '' });
          notify({
            color: 'green',
            title: 'Status updated',
            message: enquiryStatusLabel(res.status),
          });
        },
        onError: (err) => applyServerErrors(statusForm, err),
      },
    ),
  );
  const saveNote = noteForm.onSubmit((v) =>
    addNote.mutate(v.body, {
      onSuccess: () => noteForm.reset(),
      onError: (err) => applyServerErrors(noteForm, err),
    }),
  );

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Stack gap="md">
        {converted ? null : (
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="status-h">
            <Title order={2} size="h4" id="status-h" mb="sm">
              Status
            </Title>
            <form noValidate aria-label="Change the status" onSubmit={saveStatus}>
              <Stack gap="sm">
                <ErrorAlert error={setStatus.error} />
                <NativeSelect
                  label="Status"
                  size="md"
                  data={SETTABLE}
                  {...statusForm.getInputProps('status')}
                />
                <Textarea
                  label="Note (optional)"
                  description="For example: left a voicemail, booked for Tuesday 10:00."
                  autosize
                  minRows={2}
                  {...statusForm.getInputProps('note')}
                />
                <Group>
                  <Button
                    type="submit"
                    variant="default"
                    loading={setStatus.isPending}
                    leftSection={<IconArrowsExchange size={18} aria-hidden="true" />}
                  >
                    Update status
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        )}
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="addnote-h">
          <Title order={2} size="h4" id="addnote-h" mb="sm">
            Add a note
          </Title>
          <form noValidate aria-label="Add a note" onSubmit={saveNote}>
            <Stack gap="sm">
              <ErrorAlert error={addNote.error} />
              <Textarea label="Note" autosize minRows={3} required {...noteForm.getInputProps('body')} />
              <Group>
                <Button
                  type="submit"
                  variant="default"
                  loading={addNote.isPending}
                  leftSection={<IconNote size={18} aria-hidden="true" />}
                >
                  Add note
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      </Stack>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="history-h">
        <Title order={2} size="h4" id="history-h" mb="sm">
          Notes and history
        </Title>
        {enquiry.notes.length === 0 ? (
          <Text c="dimmed">No notes yet.</Text>
        ) : (
          <Timeline bulletSize={22} lineWidth={2} active={-1}>
            {[...enquiry.notes].reverse().map((n) => (
              <Timeline.Item
                key={n.id}
                bullet={
                  n.statusChange ? (
                    <IconArrowsExchange size={12} aria-hidden="true" />
                  ) : (
                    <IconNote size={12} aria-hidden="true" />
                  )
                }
                title={n.statusChange ? `Status: ${enquiryStatusLabel(n.statusChange)}` : 'Note'}
                data-testid="enquiry-note"
              >
                {n.body ? <Text style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text> : null}
                <Text size="sm" c="dimmed">
                  {n.authorName ?? 'Someone'} ·{' '}
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>
    </SimpleGrid>
  );
}
