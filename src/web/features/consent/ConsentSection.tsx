import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { okSchema } from '../../../contracts/common';
import { revokeBody } from '../../../contracts/consent';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import type { Chart } from '../patients/patient-query';
import { ConsentStateBadge, IntegrityBadge } from './ConsentBadges';
import { type Signature, useConsentDocuments, usePatientSignatures } from './consent-query';
import { InClinicSignModal } from './InClinicSignModal';

const METHOD: Record<string, string> = { portal: 'In the portal', in_clinic: 'In clinic' };

/** The chart's consent: which version is signed, whether it is current and intact; sign in clinic; withdraw. */
export function ConsentSection({ chart, canWrite }: { chart: Chart; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const c = chart.consent;
  const p = chart.patient;
  const signatures = usePatientSignatures(p.id);
  const documents = useConsentDocuments();
  const current = documents.data?.documents[0];
  const [signing, setSigning] = useState(false);
  const [revoking, setRevoking] = useState<Signature | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const revoke = useMutation({
    mutationFn: (s: Signature) =>
      api.post(
        `/api/patients/${p.id}/consents/${s.id}/revoke`,
        { reason: reason.trim() },
        { schema: okSchema },
      ),
    onSuccess: () => {
      setRevoking(null);
      setReason('');
      notify({
        color: 'green',
        title: 'Withdrawal recorded',
        message: 'The consent is no longer in force.',
      });
      void queryClient.invalidateQueries({ queryKey: ['patients', p.id] });
    },
  });
  const confirmRevoke = () => {
    const parsed = revokeBody.safeParse({ reason });
    if (!parsed.success) {
      setReasonError('Write the reason the patient gave');
      return;
    }
    setReasonError(null);
    if (revoking) revoke.mutate(revoking);
  };

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Group gap="sm">
            <Title order={2} size="h4">
              Informed consent
            </Title>
            <ConsentStateBadge isCurrent={c.isCurrent} signed={c.documentVersion !== null} />
          </Group>
          <Text data-testid="consent-summary">
            {c.documentVersion !== null
              ? `Version ${c.documentVersion} signed ${METHOD[c.method ?? ''] ?? ''} on ${formatDateTime(c.signedAt)}. `.replace(
                  '  ',
                  ' ',
                )
              : 'No consent signed yet. '}
            {c.currentVersion !== null
              ? `The current version is ${c.currentVersion}.`
              : 'No consent form is published yet.'}
          </Text>
          {c.documentVersion !== null && !c.isCurrent ? (
            <Text size="sm">
              A newer version has been published since: the patient needs to read and sign it before dosing.
            </Text>
          ) : null}
          {canWrite && !c.isCurrent && current ? (
            <Group>
              <Button
                leftSection={<IconSignature size={18} aria-hidden="true" />}
                onClick={() => setSigning(true)}
              >
                Record an in-clinic signature
              </Button>
              <Text size="sm" c="dimmed">
                Or invite the patient to sign in the portal.
              </Text>
            </Group>
          ) : null}
        </Stack>
      </Card>

      <Stack gap="xs" component="section" aria-labelledby="signatures-h">
        <Title order={2} size="h4" id="signatures-h">
          Signatures
        </Title>
        {signatures.isPending ? <Loading label="Loading signatures" /> : null}
        <ErrorAlert error={signatures.error} title="Could not load the signatures" />
        {signatures.data?.signatures.length === 0 ? <Text c="dimmed">None yet.</Text> : null}
        {signatures.data?.signatures.length ? (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Version</Table.Th>
                  <Table.Th scope="col">Signed as</Table.Th>
                  <Table.Th scope="col">How</Table.Th>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Integrity</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {signatures.data.signatures.map((s) => (
                  <Table.Tr key={s.id} data-testid="signature-row">
                    <Table.Td>
                      {s.documentVersion}
                      {s.isCurrentVersion ? (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          (current)
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{s.signedName}</Table.Td>
                    <Table.Td>
                      {METHOD[s.method]}
                      {s.witnessName ? (
                        <Text size="sm" c="dimmed">
                          Witness: {s.witnessName}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <time dateTime={s.signedAt}>{formatDateTime(s.signedAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      <IntegrityBadge ok={s.integrityOk} />
                    </Table.Td>
                    <Table.Td>
                      {s.revokedAt ? (
                        <Stack gap={2}>
                          <Badge color="gray" variant="light" styles={NO_CLIP}>
                            Withdrawn {formatDateTime(s.revokedAt)}
                          </Badge>
                          {s.revokeReason ? <Text size="sm">“{s.revokeReason}”</Text> : null}
                        </Stack>
                      ) : canWrite ? (
                        <Button
                          size="sm"
                          variant="default"
                          color="red"
                          onClick={() => setRevoking(s)}
                          aria-label={`Record withdrawal of version ${s.documentVersion}`}
                        >
                          Record withdrawal
                        </Button>
                      ) : (
                        <Text size="sm">In force</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {signatures.data?.signatures.some((s) => !s.integrityOk) ? (
          <Alert
            color="red"
            variant="light"
            title="A signed text no longer matches what was signed"
            role="alert"
          >
            Signed consent text never changes in Liminal, so this points to a change made outside the product.
            Keep a copy of the database and ask an admin to check the audit log.
          </Alert>
        ) : null}
      </Stack>

      {current ? (
        <InClinicSignModal
          opened={signing}
          onClose={() => setSigning(false)}
          chart={chart}
          document={current}
        />
      ) : null}
      <ConfirmModal
        opened={revoking !== null}
        title="Record that the patient withdrew consent?"
        confirmLabel="Record withdrawal"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onClose={() => !revoke.isPending && setRevoking(null)}
      >
        <Stack gap="sm">
          <Text>
            Version {revoking?.documentVersion}, signed by {revoking?.signedName}, stops being in force now.
            The signature stays in the record, marked withdrawn. No dosing can be planned until the patient
            signs again.
          </Text>
          <Textarea
            label="Reason the patient gave"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            data-autofocus
          />
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
