import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { mg } from './format';
import { useVerify } from './ledger-query';

/**
 * The ledger's own check: every entry's hash links to the one before, and every container's balance equals
 * the sum of its events. When broken, the first broken entry is named.
 */
export function ChainStatus({ labelOf }: { labelOf: (containerId: string) => string }) {
  const verify = useVerify();
  const r = verify.data;
  const again = (
    <Button
      variant="default"
      size="sm"
      leftSection={<IconRefresh size={16} aria-hidden="true" />}
      onClick={() => void verify.refetch()}
      loading={verify.isFetching}
    >
      Check again
    </Button>
  );
  return (
    <section aria-label="Ledger verification" data-testid="ledger-verify">
      {verify.isPending ? <Loading label="Verifying the ledger" /> : null}
      <ErrorAlert error={verify.error} title="Could not verify the ledger" />
      <div aria-live="polite">
        {r?.ok ? (
          <Alert
            color="green"
            variant="light"
            icon={<IconShieldCheck aria-hidden="true" />}
            title="Ledger verified"
          >
            <Group justify="space-between" gap="sm">
              <Text size="sm">
                {r.checked.toLocaleString()} entries checked: none was changed, removed or inserted, and every
                container&rsquo;s balance equals the sum of its entries.
              </Text>
              {again}
            </Group>
          </Alert>
        ) : null}
        {r && !r.ok ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertOctagon aria-hidden="true" />}
            title="The ledger does not verify"
          >
            <Stack>
              {r.firstBroken ? (
                <Text size="sm" fw={600}>
                  First broken entry:{' '}
                  {r.firstBroken.seq !== null ? `#${r.firstBroken.seq}` : 'the chain head'}
                  {r.firstBroken.id ? ` (${r.firstBroken.id})` : ''}: {r.firstBroken.reason}.
                </Text>
              ) : null}
              {r.projection.length ? (
                <List size="sm">
                  {r.projection.map((p) => (
                    <List.Item key={`${p.containerId}-${p.reason}`}>
                      Container {labelOf(p.containerId)}: {p.reason} (recorded {mg(p.cachedUg)}, entries add
                      up to {mg(p.eventsUg)})
                    </List.Item>
                  ))}
                </List>
              ) : null}
              <Text size="sm">
                {r.checked.toLocaleString()} entries checked. Record nothing more until this is explained:
                keep a copy of the database and contact your technical support.
              </Text>
              <Group>{again}</Group>
            </Stack>
          </Alert>
        ) : null}
      </div>
    </section>
  );
}
