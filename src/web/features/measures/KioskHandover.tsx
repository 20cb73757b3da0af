import { Alert, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceTablet, IconLogout } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { kioskIssued } from '../../../contracts/measures';
import { CopyValueButton } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { signOut } from '../../lib/session';
import { shortName } from './labels';
import { type Assignment, measuresPath } from './measures-query';

/**
 * "Hand tablet to patient": a single-use link, valid 30 minutes, that opens only this questionnaire on a
 * tablet. The link is shown once; a new hand-over of the same measure replaces it.
 */
export function KioskHandover({
  patientId,
  assignment,
  onClose,
}: {
  patientId: string;
  assignment: Assignment;
  onClose: () => void;
}) {
  const issue = useMutation({
    mutationFn: () =>
      api.post(`${measuresPath(patientId)}/${assignment.id}/kiosk`, {}, { schema: kioskIssued }),
  });
  // Issue once when the dialog opens (a second token would replace the first; StrictMode runs effects twice).
  const issued = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the dialog opens
  useEffect(() => {
    if (issued.current) return;
    issued.current = true;
    issue.mutate();
  }, []);
  const k = issue.data;
  const url = k ? `${window.location.origin}${k.kioskPath}` : '';
  const name = shortName(assignment.instrument.name);

  return (
    <Modal opened onClose={onClose} title={`Hand the tablet to the patient — ${name}`} size="lg">
      <Stack gap="md">
        {issue.isPending ? <Loading label="Preparing the tablet link" /> : null}
        <ErrorAlert error={issue.error} title="Could not prepare the tablet link" />
        {k ? (
          <>
            <List type="ordered" spacing="xs">
              <List.Item>
                On a clinic tablet that is <strong>not signed in</strong> to Liminal, open this address in the
                browser:
              </List.Item>
            </List>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Code
                block
                style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
                data-testid="kiosk-url"
              >
                {url}
              </Code>
              <CopyValueButton value={url} />
            </Group>
            <List type="ordered" spacing="xs" start={2}>
              <List.Item>
                Hand the tablet to the patient. It shows only this questionnaire and their first name.
              </List.Item>
              <List.Item>
                When they send it, the tablet locks and asks them to hand it back. Their score appears here.
              </List.Item>
            </List>
            <Alert color="gray" variant="light" icon={<IconDeviceTablet aria-hidden="true" />}>
              The link works once, until {formatTime(k.expiresAt)} (30 minutes). Handing over again replaces
              it.
            </Alert>
            <Text size="sm">
              Using this device instead? Signing out first keeps your session away from the patient; sign in
              again when you get it back.
            </Text>
          </>
        ) : null}
        <Group justify="flex-end">
          {k ? (
            <Button
              variant="default"
              leftSection={<IconLogout size={18} aria-hidden="true" />}
              onClick={async () => {
                await signOut();
                window.location.assign(k.kioskPath);
              }}
            >
              Sign me out and open it here
            </Button>
          ) : null}
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
