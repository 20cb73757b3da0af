import { Anchor, Button, Group, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconNotes, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { therapyNote } from '../../../contracts/courses';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StateBadge } from '../../components/StateBadge';
import { api } from '../../lib/api';
import { formatDate, localToday } from '../../lib/format';
import { type Course, coursePath, coursesKey, noteUrl } from './course-query';
import { lookOf, NOTE_KIND_LABELS, NOTE_STATUS } from './labels';

interface Props {
  patientId: string;
  course: Course;
  canWrite: boolean;
}

/** The course's preparation and integration notes, with a way to start the next one. */
export function NotesList({ patientId, course, canWrite }: Props) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const dosed = course.sessions.filter((s) => s.firstDoseAt);
  const create = useMutation({
    mutationFn: (body: { kind: 'preparation' | 'integration'; dosingSessionId?: string }) =>
      api.post(
        `${coursePath(patientId, course.id)}/notes`,
        { ...body, sessionDate: localToday() },
        { schema: therapyNote },
      ),
    onSuccess: async (note) => {
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
      navigate(noteUrl(patientId, note.id));
    },
  });
  const sessionNumber = (id: string | null) => course.sessions.find((s) => s.id === id)?.number;

  return (
    <Stack gap="sm" component="section" aria-labelledby={`notes-${course.id}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={4} size="h5" id={`notes-${course.id}`}>
          Preparation and integration notes
        </Title>
        {canWrite ? (
          <Group gap="sm">
            <Button
              variant="light"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              loading={create.isPending && create.variables?.kind === 'preparation'}
              onClick={() => create.mutate({ kind: 'preparation' })}
            >
              New preparation note
            </Button>
            {dosed.length ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    variant="light"
                    leftSection={<IconPlus size={18} aria-hidden="true" />}
                    rightSection={<IconChevronDown size={16} aria-hidden="true" />}
                    loading={create.isPending && create.variables?.kind === 'integration'}
                  >
                    New integration note
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>After which dosing session?</Menu.Label>
                  {[...dosed].reverse().map((s) => (
                    <Menu.Item
                      key={s.id}
                      onClick={() => create.mutate({ kind: 'integration', dosingSessionId: s.id })}
                    >
                      Session {s.number} ({formatDate(s.firstDoseAt)})
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        ) : null}
      </Group>
      {canWrite && dosed.length === 0 ? (
        // Said rather than leaving the integration button out without a word (issue #14).
        <Text size="sm" data-testid="no-integration-yet">
          An integration note follows a dosing session, and no dosing session is recorded in this course yet.
        </Text>
      ) : null}
      <ErrorAlert error={create.error} title="Could not start the note" />
      {course.notes.length === 0 ? (
        <Text c="dimmed">
          <IconNotes size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> No notes yet. A
          signed preparation note is needed before the first dosing session.
        </Text>
      ) : (
        <ScrollTable minWidth={560} label="Notes">
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Note</Table.Th>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Author</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {course.notes.map((n) => (
                <Table.Tr key={n.id} data-testid="note-row">
                  <Table.Th scope="row">
                    <Anchor component={Link} to={noteUrl(patientId, n.id)} fw={600}>
                      {NOTE_KIND_LABELS[n.kind] ?? n.kind}
                      {n.kind === 'integration' && sessionNumber(n.dosingSessionId)
                        ? ` after session ${sessionNumber(n.dosingSessionId)}`
                        : ''}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{formatDate(n.sessionDate)}</Table.Td>
                  <Table.Td>
                    <StateBadge look={lookOf(NOTE_STATUS, n.status)} size="md" />
                    {n.addenda.length ? (
                      <Text span size="sm" c="dimmed" ml={6}>
                        + {n.addenda.length} addend{n.addenda.length === 1 ? 'um' : 'a'}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{n.authorName ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
