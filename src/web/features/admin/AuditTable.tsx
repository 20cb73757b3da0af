import { Badge, Button, Code, Modal, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconBan, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useState } from 'react';
import type { z } from 'zod';
import type { auditEntry } from '../../../contracts/audit';
import { NO_CLIP } from '../../components/badges';
import { ROLE_LABELS } from '../../lib/roles';

type Entry = z.infer<typeof auditEntry>;

const OUTCOME = {
  allowed: { label: 'Allowed', color: 'green', Icon: IconCircleCheck },
  denied: { label: 'Denied', color: 'red', Icon: IconBan },
  failed: { label: 'Failed', color: 'yellow', Icon: IconCircleX },
} as const;

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Who did it, in words: a person's name, or how the request came without one. */
const who = (e: Entry) =>
  e.actorName ?? (e.actorId ? 'A staff account no longer on record' : e.ip ? 'Not signed in' : 'The system');

function OutcomeBadge({ outcome }: { outcome: string }) {
  const o = OUTCOME[outcome as keyof typeof OUTCOME];
  if (!o)
    return (
      <Badge variant="light" color="gray">
        {outcome}
      </Badge>
    );
  return (
    <Badge
      variant="light"
      color={o.color}
      leftSection={<o.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {o.label}
    </Badge>
  );
}

/** One label and its value, as a pair of grid cells. */
function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </>
  );
}

/**
 * An entry as labelled fields. The record ids an investigator may need (to match the server's logs, or to find
 * a record the log cannot name) are kept in a closed section at the end.
 */
function EntryDetails({ e }: { e: Entry }) {
  const refs = [
    { label: 'Entry', value: e.id },
    ...(e.requestId ? [{ label: 'Request', value: e.requestId }] : []),
    ...(e.objectId ? [{ label: e.object ?? 'Record', value: e.objectId }] : []),
    ...(e.patientId ? [{ label: 'Patient record', value: e.patientId }] : []),
    ...e.references,
  ];
  return (
    <Stack gap="md">
      <SimpleGrid
        cols={2}
        spacing="xs"
        verticalSpacing={6}
        component="dl"
        m={0}
        style={{ gridTemplateColumns: 'max-content 1fr' }}
      >
        <Field label="When">{timeFormat.format(new Date(e.at))}</Field>
        <Field label="Who">
          {who(e)}
          {e.actorRole ? ` (${ROLE_LABELS[e.actorRole] ?? e.actorRole})` : ''}
        </Field>
        <Field label="Action">{e.actionLabel}</Field>
        {e.object ? <Field label="About">{e.object}</Field> : null}
        {e.patient ? <Field label="Patient">{e.patient}</Field> : null}
        <Field label="Outcome">{OUTCOME[e.outcome as keyof typeof OUTCOME]?.label ?? e.outcome}</Field>
        {e.emergency ? <Field label="Emergency access">Inside an emergency-access window</Field> : null}
        {e.ip ? <Field label="IP address">{e.ip}</Field> : null}
        {e.details.map((d) => (
          <Field key={d.label} label={d.label}>
            {d.value}
          </Field>
        ))}
      </SimpleGrid>
      <details>
        <summary>
          <Text span size="sm">
            Record references, for an investigation
          </Text>
        </summary>
        <SimpleGrid
          cols={2}
          spacing="xs"
          verticalSpacing={4}
          component="dl"
          mt="xs"
          style={{ gridTemplateColumns: 'max-content 1fr' }}
        >
          {refs.map((r) => (
            <Field key={`${r.label}-${r.value}`} label={r.label}>
              <Code>{r.value}</Code>
            </Field>
          ))}
        </SimpleGrid>
      </details>
    </Stack>
  );
}

export function AuditTable({ entries }: { entries: Entry[] }) {
  const [open, setOpen] = useState<Entry | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing="xs" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">Time</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
              <Table.Th scope="col">About</Table.Th>
              <Table.Th scope="col">Patient</Table.Th>
              <Table.Th scope="col">Outcome</Table.Th>
              <Table.Th scope="col">IP</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Details</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-row">
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td>
                  <time dateTime={e.at}>{timeFormat.format(new Date(e.at))}</time>
                </Table.Td>
                <Table.Td>
                  {who(e)}
                  {e.actorRole ? (
                    <Text span size="xs" c="dimmed" display="block">
                      {ROLE_LABELS[e.actorRole] ?? e.actorRole}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {e.actionLabel}
                  {e.emergency ? (
                    <Badge
                      ml={6}
                      color="red"
                      variant="light"
                      leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
                    >
                      Emergency access
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{e.object ?? '—'}</Table.Td>
                <Table.Td>{e.patient ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <OutcomeBadge outcome={e.outcome} />
                </Table.Td>
                <Table.Td>{e.ip ?? '—'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setOpen(e)}
                    aria-label={`Details of entry ${e.seq}`}
                  >
                    Details
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `Audit entry ${open.seq}` : ''}
        size="lg"
      >
        {open ? <EntryDetails e={open} /> : null}
      </Modal>
    </>
  );
}
