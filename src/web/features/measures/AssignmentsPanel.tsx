import { Button, Group, Menu, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconBan, IconChevronDown, IconDeviceTablet, IconKeyboard } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../contracts/common';
import { cancelBody } from '../../../contracts/measures';
import { ConfirmModal } from '../../components/ConfirmModal';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { AnswersForm } from './AnswersForm';
import { KioskHandover } from './KioskHandover';
import { AssignmentStateBadge, KIND_LABELS, StartedBadge, shortName } from './labels';
import { type Assignment, type Instrument, measuresKey, measuresPath, worklistKey } from './measures-query';

const TIMING_RANK = { overdue: 0, due: 1, upcoming: 2 } as const;
const isOpen = (a: Assignment) => a.status === 'due' || a.status === 'in_progress';

function order(a: Assignment, b: Assignment): number {
  if (isOpen(a) !== isOpen(b)) return isOpen(a) ? -1 : 1;
  const ra = a.timing ? TIMING_RANK[a.timing] : 3;
  const rb = b.timing ? TIMING_RANK[b.timing] : 3;
  if (ra !== rb) return ra - rb;
  return isOpen(a) ? a.dueOn.localeCompare(b.dueOn) : b.dueOn.localeCompare(a.dueOn);
}

function CancelDialog({ patientId, a, onClose }: { patientId: string; a: Assignment; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: () =>
      api.post(`${measuresPath(patientId)}/${a.id}/cancel`, { reason: reason.trim() }, { schema: okSchema }),
    onSuccess: () => {
      notify({
        color: 'green',
        title: 'Measure cancelled',
        message: `${shortName(a.instrument.name)} due ${formatDate(a.dueOn)}.`,
      });
      void queryClient.invalidateQueries({ queryKey: measuresKey(patientId) });
      void queryClient.invalidateQueries({ queryKey: worklistKey });
      onClose();
    },
  });
  return (
    <ConfirmModal
      opened
      title="Cancel this measure?"
      confirmLabel="Cancel the measure"
      danger
      loading={cancel.isPending}
      error={cancel.error}
      onClose={onClose}
      onConfirm={() => {
        if (!cancelBody.safeParse({ reason }).success) return setError('Write why it is cancelled');
        setError(null);
        cancel.mutate();
      }}
    >
      <Stack gap="sm">
        <Text>
          The {shortName(a.instrument.name)} due {formatDate(a.dueOn)} leaves the patient’s portal and the
          worklist. Answers saved so far are kept.
        </Text>
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
        />
      </Stack>
    </ConfirmModal>
  );
}

type Dialog = { kind: 'paper' | 'kiosk' | 'cancel'; a: Assignment } | null;

/** What is assigned, due or overdue first; paper entry, tablet hand-over and cancelling from each row. */
export function AssignmentsPanel({
  patientId,
  assignments,
  instruments,
  canWrite,
}: {
  patientId: string;
  assignments: Assignment[];
  instruments: Instrument[];
  canWrite: boolean;
}) {
  const [showAll, setShowAll] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const sorted = [...assignments].sort(order);
  const rows = showAll ? sorted : sorted.filter(isOpen);
  const closed = assignments.length - assignments.filter(isOpen).length;
  const instrumentOf = (a: Assignment) => instruments.find((i) => i.id === a.instrument.id);

  return (
    <Stack gap="sm" component="section" aria-labelledby="assignments-h">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4" id="assignments-h">
          Assigned measures
        </Title>
        {closed ? (
          <Button variant="subtle" size="sm" onClick={() => setShowAll((s) => !s)} aria-pressed={showAll}>
            {showAll ? 'Hide completed and cancelled' : `Show completed and cancelled (${closed})`}
          </Button>
        ) : null}
      </Group>
      {rows.length === 0 ? <Text c="dimmed">Nothing open. Assign a measure to start.</Text> : null}
      {rows.length ? (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" data-testid="assignments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Instrument</Table.Th>
                <Table.Th scope="col">Schedule</Table.Th>
                <Table.Th scope="col">Opens</Table.Th>
                <Table.Th scope="col">Overdue from</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                {canWrite ? <Table.Th scope="col">Actions</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => {
                const name = shortName(a.instrument.name);
                return (
                  <Table.Tr
                    key={a.id}
                    data-testid="assignment-row"
                    data-status={a.status}
                    data-timing={a.timing ?? ''}
                  >
                    <Table.Th scope="row">{name}</Table.Th>
                    <Table.Td>
                      {KIND_LABELS[a.kind]}
                      {a.sessionDate ? ` (session ${formatDate(a.sessionDate)})` : ''}
                    </Table.Td>
                    <Table.Td>{formatDate(a.dueOn)}</Table.Td>
                    <Table.Td>{formatDate(a.overdueOn)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <AssignmentStateBadge a={a} />
                        {a.status === 'in_progress' ? <StartedBadge /> : null}
                      </Group>
                      {a.cancelReason ? <Text size="sm">Reason: {a.cancelReason}</Text> : null}
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        {isOpen(a) ? (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <Button
                                variant="default"
                                size="sm"
                                mih={44}
                                rightSection={<IconChevronDown size={16} aria-hidden="true" />}
                                aria-label={`Actions for ${name} opening ${formatDate(a.dueOn)}`}
                              >
                                Actions
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconKeyboard size={18} aria-hidden="true" />}
                                disabled={!instrumentOf(a)}
                                onClick={() => setDialog({ kind: 'paper', a })}
                              >
                                Enter paper form
                              </Menu.Item>
                              <Menu.Item
                                leftSection={<IconDeviceTablet size={18} aria-hidden="true" />}
                                onClick={() => setDialog({ kind: 'kiosk', a })}
                              >
                                Hand tablet to patient
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                leftSection={<IconBan size={18} aria-hidden="true" />}
                                onClick={() => setDialog({ kind: 'cancel', a })}
                              >
                                Cancel measure
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {a.completedAt ? `Completed ${formatDateTime(a.completedAt)}` : '—'}
                          </Text>
                        )}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {dialog?.kind === 'paper' && instrumentOf(dialog.a) ? (
        <AnswersForm
          patientId={patientId}
          assignmentId={dialog.a.id}
          instrument={instrumentOf(dialog.a) as Instrument}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'kiosk' ? (
        <KioskHandover patientId={patientId} assignment={dialog.a} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'cancel' ? (
        <CancelDialog patientId={patientId} a={dialog.a} onClose={() => setDialog(null)} />
      ) : null}
    </Stack>
  );
}
