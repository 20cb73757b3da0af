import { Badge, Button, Code, Modal, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconBan, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useState } from 'react';
import type { z } from 'zod';
import type { auditEntry } from '../../../contracts/audit';
import { ROLE_LABELS } from '../../app/nav';
import { NO_CLIP } from '../../components/badges';

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

const short = (id: string | null) => (id ? `${id.slice(0, 8)}…` : '—');

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
              <Table.Th scope="col">Object</Table.Th>
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
                  {e.actorName ?? (e.actorId ? short(e.actorId) : e.ip ? 'Not signed in' : 'System')}
                  {e.actorRole ? (
                    <Text span size="xs" c="dimmed" display="block">
                      {ROLE_LABELS[e.actorRole] ?? e.actorRole}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
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
                <Table.Td>{e.objectType ? `${e.objectType} ${short(e.objectId)}` : '—'}</Table.Td>
                <Table.Td>{short(e.patientId)}</Table.Td>
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
        {open ? (
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {JSON.stringify(open, null, 2)}
          </Code>
        ) : null}
      </Modal>
    </>
  );
}
