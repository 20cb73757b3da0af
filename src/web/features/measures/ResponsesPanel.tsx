import { Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconHistory, IconPencil } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { NO_CLIP } from '../../components/badges';
import { formatDateTime } from '../../lib/format';
import { AnswersForm } from './AnswersForm';
import { MODE_LABELS, shortName } from './labels';
import type { Instrument, MeasureResponse } from './measures-query';
import { answerValue } from './questionnaire/logic';

function AnswersList({ r, instrument }: { r: MeasureResponse; instrument: Instrument | undefined }) {
  if (!instrument) return <Text size="sm">The instrument is no longer in the library.</Text>;
  return (
    <List size="sm" type="ordered" spacing={2}>
      {instrument.items
        .filter((i) => i.linkId in r.answers)
        .map((i) => {
          const v = answerValue(r.answers[i.linkId]);
          const label = i.options.find((o) => o.value === v)?.label;
          return (
            <List.Item key={i.linkId}>
              {i.text} — <strong>{v === undefined ? 'not answered' : `${v} (${label ?? '?'})`}</strong>
            </List.Item>
          );
        })}
    </List>
  );
}

/**
 * Completed responses, newest first, with how each was given. An amendment is a new response linked to the
 * original; the original stays, marked as superseded, so the record shows what changed and why.
 */
export function ResponsesPanel({
  patientId,
  responses,
  instruments,
  canWrite,
}: {
  patientId: string;
  responses: MeasureResponse[];
  instruments: Instrument[];
  canWrite: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [amending, setAmending] = useState<MeasureResponse | null>(null);
  const done = responses
    .filter((r) => r.status === 'completed')
    .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
  const byId = new Map(responses.map((r) => [r.id, r]));
  const instrumentOf = (r: MeasureResponse) => instruments.find((i) => i.id === r.instrumentId);

  return (
    <Stack gap="sm" component="section" aria-labelledby="responses-h">
      <Title order={2} size="h4" id="responses-h">
        Completed responses
      </Title>
      {done.length === 0 ? <Text c="dimmed">None yet.</Text> : null}
      {done.length ? (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" data-testid="responses-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Completed</Table.Th>
                <Table.Th scope="col">Instrument</Table.Th>
                <Table.Th scope="col">Score</Table.Th>
                <Table.Th scope="col">How</Table.Th>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {done.map((r) => {
                const name = shortName(instrumentOf(r)?.name ?? r.instrumentId.toUpperCase());
                const superseded = r.supersededBy !== null;
                const original = r.amendedFrom ? byId.get(r.amendedFrom) : undefined;
                return (
                  <Fragment key={r.id}>
                    <Table.Tr
                      data-testid="response-row"
                      data-superseded={superseded ? 'true' : 'false'}
                      style={superseded ? { opacity: 0.85 } : undefined}
                    >
                      <Table.Th scope="row" fw={400}>
                        {formatDateTime(r.completedAt)}
                      </Table.Th>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td>
                        <Text fw={700} span td={superseded ? 'line-through' : undefined}>
                          {r.score?.total ?? '—'}
                        </Text>
                        {r.score?.band ? <Text size="sm">{r.score.band.label}</Text> : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{MODE_LABELS[r.mode] ?? r.mode}</Text>
                        {r.enteredBy && r.mode !== 'portal' ? (
                          <Text size="sm" c="dimmed">
                            {r.mode === 'kiosk' ? 'Handed over by' : 'By'} {r.enteredBy.name}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {superseded ? (
                          <Badge
                            color="gray"
                            variant="outline"
                            leftSection={<IconHistory size={12} aria-hidden="true" />}
                            styles={NO_CLIP}
                          >
                            Superseded
                          </Badge>
                        ) : null}
                        {r.amendedFrom ? (
                          <Stack gap={2}>
                            <Badge
                              color="gray"
                              variant="light"
                              leftSection={<IconPencil size={12} aria-hidden="true" />}
                              styles={NO_CLIP}
                            >
                              Amendment
                            </Badge>
                            <Text size="sm">
                              Reason: {r.amendReason}
                              {original ? ` (was ${original.score?.total ?? '—'})` : ''}
                            </Text>
                            {original ? (
                              <Text size="sm" c="dimmed">
                                Corrects the form of {formatDateTime(original.completedAt)}
                              </Text>
                            ) : null}
                          </Stack>
                        ) : null}
                        {!superseded && !r.amendedFrom ? <Text size="sm">Original</Text> : null}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            variant="subtle"
                            size="sm"
                            mih={44}
                            aria-expanded={open === r.id}
                            onClick={() => setOpen((o) => (o === r.id ? null : r.id))}
                            aria-label={`${open === r.id ? 'Hide' : 'Show'} answers of ${name} completed ${formatDateTime(r.completedAt)}`}
                          >
                            {open === r.id ? 'Hide answers' : 'Answers'}
                          </Button>
                          {canWrite && !superseded && instrumentOf(r) ? (
                            <Button
                              variant="default"
                              size="sm"
                              mih={44}
                              onClick={() => setAmending(r)}
                              aria-label={`Amend ${name} completed ${formatDateTime(r.completedAt)}`}
                            >
                              Amend
                            </Button>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open === r.id ? (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <AnswersList r={r} instrument={instrumentOf(r)} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {amending && instrumentOf(amending) ? (
        <AnswersForm
          patientId={patientId}
          assignmentId={amending.assignmentId}
          instrument={instrumentOf(amending) as Instrument}
          amend={amending}
          onClose={() => setAmending(null)}
        />
      ) : null}
    </Stack>
  );
}
