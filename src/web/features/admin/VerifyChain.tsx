import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconLink, IconShieldCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useVerifyChain } from './audit-query';

/** Recomputes the hash chain on the server (SECURITY.md S4) and says plainly whether it is intact. */
export function VerifyChain() {
  const verify = useVerifyChain();
  const r = verify.data;
  return (
    <Stack gap="sm">
      <Group>
        <Button
          variant="default"
          leftSection={<IconLink size={18} aria-hidden="true" />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
        >
          Verify chain
        </Button>
      </Group>
      <div aria-live="polite">
        {r?.ok ? (
          <Alert
            color="green"
            variant="light"
            title="The audit chain is intact"
            icon={<IconShieldCheck aria-hidden="true" />}
          >
            <Text size="sm">
              {r.checked.toLocaleString()} entries checked; none was changed, removed or inserted. Latest
              hash: <Code>{r.head.slice(0, 16)}…</Code>
            </Text>
          </Alert>
        ) : null}
        {r && !r.ok ? (
          <Alert
            color="red"
            variant="light"
            title="The audit chain is broken"
            icon={<IconAlertOctagon aria-hidden="true" />}
          >
            <Text size="sm">
              {r.firstBroken
                ? `The first problem is at entry ${r.firstBroken.seq ?? '?'}${r.firstBroken.id ? ` (${r.firstBroken.id})` : ''}: ${r.firstBroken.reason}.`
                : 'The server found a problem but did not say where.'}{' '}
              {r.checked.toLocaleString()} entries checked. Keep a copy of the database and contact your
              technical support: entries may have been altered outside Liminal.
            </Text>
          </Alert>
        ) : null}
        <ErrorAlert error={verify.error} title="Could not verify the chain" />
      </div>
    </Stack>
  );
}
