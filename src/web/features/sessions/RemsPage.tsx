import { Alert, Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import {
  IconArrowLeft,
  IconCircleCheck,
  IconClockExclamation,
  IconFileTypePdf,
  IconSend,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ScrollTable } from '../../components/ScrollTable';
import { StateBadge } from '../../components/StateBadge';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { MET } from '../courses/labels';
import { consoleKey, sessionPath, useRems } from './session-query';

/** The esketamine REMS patient monitoring record (DOMAIN §5), due within 7 days, with "mark submitted". */
export default function RemsPage() {
  const { patientId = '', sessionId = '' } = useParams();
  const me = useMe().data;
  const qc = useQueryClient();
  const rems = useRems(patientId, sessionId);
  const [confirming, setConfirming] = useState(false);
  const submit = useMutation({
    mutationFn: () => api.post(`${sessionPath(patientId, sessionId)}/rems/submitted`, {}),
    onSuccess: async () => {
      setConfirming(false);
      await qc.invalidateQueries({ queryKey: consoleKey(patientId, sessionId) });
    },
  });
  const canSubmit = me?.permissions.includes('orders.sign') ?? false;

  if (rems.isPending) return <Loading label="Loading the REMS record" />;
  if (rems.error) return <ErrorAlert error={rems.error} title="Could not load the REMS record" />;
  const r = rems.data;
  const overdue = !r.submittedAt && Date.parse(r.dueBy) < Date.now();
  return (
    <Stack gap="lg" maw={960} mx="auto">
      <Anchor
        component={Link}
        to={`/app/patients/${patientId}/sessions/${sessionId}`}
        size="sm"
        w="fit-content"
      >
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Back to the session
      </Anchor>
      <div>
        <PageTitle mb={4}>Esketamine REMS monitoring record</PageTitle>
        <Text c="dimmed">
          Form version {r.formVersion}. Submit it to the Spravato REMS program within 7 calendar days of the
          session.
        </Text>
      </div>
      <Group gap="sm" wrap="wrap">
        {r.submittedAt ? (
          <StateBadge
            look={{ ...MET, label: `Submitted ${formatDate(r.submittedAt)}` }}
            data-testid="rems-state"
          />
        ) : (
          <StateBadge
            look={{
              label: overdue ? `Overdue since ${formatDate(r.dueBy)}` : `Due by ${formatDate(r.dueBy)}`,
              color: overdue ? 'red' : 'yellow',
              Icon: IconClockExclamation,
            }}
            data-testid="rems-state"
          />
        )}
        {r.complete ? (
          <StateBadge look={{ ...MET, label: 'Required fields complete', Icon: IconCircleCheck }} />
        ) : (
          <StateBadge
            look={{ label: 'Required fields missing', color: 'yellow', Icon: IconClockExclamation }}
          />
        )}
      </Group>
      {!r.complete ? (
        <Alert color="yellow" variant="light">
          Some fields are empty: complete the session (vitals at 40 minutes and before discharge, sedation,
          discharge) before submitting.
        </Alert>
      ) : null}
      <ScrollTable minWidth={560} label="REMS record fields">
        <Table striped verticalSpacing="sm" data-testid="rems-fields">
          <Table.Tbody>
            {r.fields.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Th scope="row" w="45%">
                  {f.label}
                </Table.Th>
                <Table.Td>
                  {f.value || (
                    <Text span fs="italic">
                      Not recorded
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group gap="lg">
        <Anchor href={`${sessionPath(patientId, sessionId)}/rems.pdf`} target="_blank" rel="noopener">
          <IconFileTypePdf size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> REMS
          record (PDF)
        </Anchor>
        {!r.submittedAt && canSubmit ? (
          <Button leftSection={<IconSend size={18} aria-hidden="true" />} onClick={() => setConfirming(true)}>
            Mark submitted
          </Button>
        ) : null}
      </Group>
      {r.submittedAt ? <Text>Marked submitted on {formatDateTime(r.submittedAt)}.</Text> : null}
      <ConfirmModal
        opened={confirming}
        title="Mark the REMS record submitted?"
        confirmLabel="Mark submitted"
        loading={submit.isPending}
        error={submit.error}
        onConfirm={() => submit.mutate()}
        onClose={() => {
          submit.reset();
          setConfirming(false);
        }}
      >
        Records that you submitted this monitoring form to the REMS program today (outside Liminal), in your
        name. It cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
