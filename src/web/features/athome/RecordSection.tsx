import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf, IconSignature } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { type AtHomeDetail, sessionPath, useSessionAction } from './athome-query';

/**
 * The session's record: the PDF (any time, as it stands) and, once the session is closed with its escalations
 * resolved, the prescriber's signature that locks it.
 */
export function RecordSection({ s, canSign }: { s: AtHomeDetail; canSign: boolean }) {
  const sign = useSessionAction<Record<string, never>>(s.patientId, s.id, 'sign');
  const unresolved = s.tasks.some((t) => t.urgent && t.state !== 'resolved');
  const closed = s.state === 'closed';
  return (
    <Stack gap="sm" component="section" aria-labelledby="athome-session-record" data-testid="athome-record">
      <Title order={2} size="h4" id="athome-session-record">
        Session record
      </Title>
      {s.recordSigned ? (
        <Text>
          Signed by {s.recordSigned.by?.name ?? 'a prescriber'} on {formatDateTime(s.recordSigned.at)}.
          Anything noted since is printed as added after signing.
        </Text>
      ) : closed && !unresolved && canSign ? (
        <Group gap="md" wrap="wrap">
          <Text>The session is closed: sign the record to lock it.</Text>
          <Button
            leftSection={<IconSignature size={18} aria-hidden="true" />}
            loading={sign.isPending}
            onClick={() => sign.mutate({})}
          >
            Sign the record
          </Button>
        </Group>
      ) : (
        <Text c="dimmed">
          {closed
            ? unresolved
              ? 'Resolve the escalations first; then a prescriber signs the record.'
              : 'A prescriber signs the record.'
            : 'When the session is closed, a prescriber signs the record.'}
        </Text>
      )}
      {sign.error ? <ErrorAlert error={sign.error} /> : null}
      <Anchor href={`${sessionPath(s.patientId, s.id)}/record.pdf`} target="_blank" rel="noopener">
        <IconFileTypePdf size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> At-home
        session record (PDF)
      </Anchor>
    </Stack>
  );
}
