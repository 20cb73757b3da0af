import { Badge, Button, Card, Group, Stack, Table, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconClock, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import {
  type BillingVisit,
  type Line,
  useFinalise,
  usePropose,
  useRemoveLine,
  useReverse,
} from './billing-query';
import { LineModal } from './LineModal';
import { formatCents, placeName } from './money';

function VisitState({ state }: { state: BillingVisit['state'] }) {
  if (state === 'final')
    return (
      <Badge color="green" variant="light" leftSection={<IconLock size={12} aria-hidden="true" />}>
        Final
      </Badge>
    );
  if (state === 'proposed')
    return (
      <Badge color="yellow" variant="light" c="dark" leftSection={<IconClock size={12} aria-hidden="true" />}>
        To review
      </Badge>
    );
  return (
    <Badge color="gray" variant="light" c="dark">
      No charges yet
    </Badge>
  );
}

const lineStatus = (l: Line) =>
  l.reversesId ? 'Reversal' : l.reversedById ? 'Reversed' : l.state === 'final' ? 'Final' : 'Proposed';

/** One completed visit's charges: review, edit, finalise, reverse. */
export function VisitCharges({
  patientId,
  visit,
  diagnoses,
  canWrite,
}: {
  patientId: string;
  visit: BillingVisit;
  diagnoses: { code: string; display: string }[];
  canWrite: boolean;
}) {
  const propose = usePropose(patientId);
  const finalise = useFinalise(patientId);
  const remove = useRemoveLine(patientId);
  const reverse = useReverse(patientId);
  const [editing, setEditing] = useState<Line | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [reversing, setReversing] = useState<Line | null>(null);
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState<string[]>([]);
  const proposed = visit.lines.filter((l) => l.state === 'proposed');
  const visitDx = visit.lines[0]?.diagnosisCodes ?? diagnoses.map((d) => d.code);
  const dxFor = visitDx.map((code) => diagnoses.find((d) => d.code === code) ?? { code, display: code });
  const headingId = `visit-${visit.id}`;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} data-testid="billing-visit">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={0}>
            <Text fw={600} id={headingId}>
              {visit.label} · {formatDate(visit.serviceDate)}
              {visit.localStart ? ` at ${visit.localStart}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              {placeName(visit.placeOfService)}
              {visit.state === 'final' ? ` · Total ${formatCents(visit.totalCents)}` : ''}
            </Text>
          </Stack>
          <Group gap="xs">
            <VisitState state={visit.state} />
            {canWrite && visit.state !== 'final' ? (
              <Button
                variant="default"
                size="xs"
                loading={propose.isPending}
                onClick={() => propose.mutate(visit.id, { onSuccess: (r) => setNotes(r.notes) })}
              >
                {visit.lines.length ? 'Propose again' : 'Propose charges'}
              </Button>
            ) : null}
            {canWrite ? (
              <Button variant="default" size="xs" onClick={() => setEditing(null)}>
                Add line
              </Button>
            ) : null}
            {canWrite && proposed.length ? (
              <Button
                size="xs"
                leftSection={<IconCheck size={14} aria-hidden="true" />}
                onClick={() => setConfirming(true)}
              >
                Finalise
              </Button>
            ) : null}
          </Group>
        </Group>
        {notes.length ? (
          <Stack gap={2}>
            {notes.map((n) => (
              <Text key={n} size="sm">
                {n}
              </Text>
            ))}
          </Stack>
        ) : null}
        <ErrorAlert error={propose.error ?? remove.error} />
        {visit.lines.length ? (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Diagnoses</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Units
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  {canWrite ? <Table.Th scope="col">Actions</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visit.lines.map((l) => (
                  <Table.Tr key={l.id} data-testid="charge-line">
                    <Table.Th scope="row" ff="monospace">
                      {l.code}
                      {l.modifiers.length ? `-${l.modifiers.join('-')}` : ''}
                    </Table.Th>
                    <Table.Td>
                      <Text size="sm">{l.description}</Text>
                      {l.why ? (
                        <Text size="xs" c="dimmed">
                          {l.why}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {l.diagnosisPointers.map((p) => l.diagnosisCodes[p - 1]).join(', ') || '—'}
                    </Table.Td>
                    <Table.Td ta="right">{l.units}</Table.Td>
                    <Table.Td ta="right">{formatCents(l.amountCents)}</Table.Td>
                    <Table.Td>
                      {lineStatus(l)}
                      {l.finalisedByName && l.state === 'final' ? (
                        <Text size="xs" c="dimmed">
                          by {l.finalisedByName}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        {l.state === 'proposed' ? (
                          <Group gap={4} wrap="nowrap">
                            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(l)}>
                              Edit<VisuallyHidden> {l.code}</VisuallyHidden>
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => remove.mutate(l.id)}
                            >
                              Remove<VisuallyHidden> {l.code}</VisuallyHidden>
                            </Button>
                          </Group>
                        ) : !l.reversesId && !l.reversedById ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => {
                              setReason('');
                              reverse.reset();
                              setReversing(l);
                            }}
                          >
                            Reverse<VisuallyHidden> {l.code}</VisuallyHidden>
                          </Button>
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Text size="sm" c="dimmed">
            No charge lines for this visit.
          </Text>
        )}
      </Stack>
      <LineModal
        patientId={patientId}
        visitId={visit.id}
        line={editing ?? null}
        diagnoses={dxFor}
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
      <ConfirmModal
        opened={confirming}
        title="Finalise these charges?"
        confirmLabel={`Finalise ${proposed.length} line${proposed.length === 1 ? '' : 's'}`}
        loading={finalise.isPending}
        error={finalise.error}
        onClose={() => {
          finalise.reset();
          setConfirming(false);
        }}
        onConfirm={() => finalise.mutate(visit.id, { onSuccess: () => setConfirming(false) })}
      >
        {proposed.map((l) => `${l.code} × ${l.units} (${formatCents(l.amountCents)})`).join(', ')} will be
        recorded as final and locked. A later correction is a reversing line; nothing in the clinical record
        changes.
      </ConfirmModal>
      <ConfirmModal
        opened={reversing !== null}
        title={`Reverse ${reversing?.code ?? ''}?`}
        confirmLabel="Reverse the line"
        danger
        loading={reverse.isPending}
        error={reverse.error}
        onClose={() => setReversing(null)}
        onConfirm={() =>
          reversing &&
          reverse.mutate({ lineId: reversing.id, reason }, { onSuccess: () => setReversing(null) })
        }
      >
        <Stack gap="xs">
          <Text size="sm">
            A new final line of {formatCents(-(reversing?.amountCents ?? 0))} cancels this one. Both stay in
            the record.
          </Text>
          <Textarea
            label="Reason"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        </Stack>
      </ConfirmModal>
    </Card>
  );
}
