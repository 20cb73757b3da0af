import { Badge, Button, Code, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconBan, IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { apiClient } from '../../../contracts/fhir';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useUsers } from '../admin/users-query';
import { apiClientsKey, useApiClients } from './api-clients-query';
import { CreateApiClientPanel, type Created, SecretOnce } from './CreateApiClientPanel';

type ApiClient = z.infer<typeof apiClient>;

/** Never colour alone (UX.md): the state has a word and an icon too. */
function StateBadge({ client }: { client: ApiClient }) {
  const revoked = client.revokedAt !== null;
  const Icon = revoked ? IconBan : IconCircleCheck;
  return (
    <Badge
      color={revoked ? 'gray' : 'green'}
      variant="light"
      size="lg"
      leftSection={<Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {revoked ? 'Revoked' : 'Active'}
    </Badge>
  );
}

function RevokeButton({ client }: { client: ApiClient }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api.post(`/api/admin/api-clients/${client.id}/revoke`, {}, { schema: apiClient }),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: apiClientsKey });
    },
  });
  return (
    <>
      <Button
        variant="default"
        color="red"
        size="xs"
        leftSection={<IconBan size={14} aria-hidden="true" />}
        aria-label={`Revoke ${client.name}`}
        onClick={() => {
          revoke.reset();
          setOpen(true);
        }}
      >
        Revoke
      </Button>
      <ConfirmModal
        opened={open}
        title={`Revoke “${client.name}”?`}
        confirmLabel="Revoke client"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate()}
        onClose={() => setOpen(false)}
      >
        Every access token it holds stops working at once, and its secret can no longer get new ones. This
        cannot be undone: to connect the program again, create a new client. The revocation is recorded in the
        audit log.
      </ConfirmModal>
    </>
  );
}

/** Programs that read the FHIR API: issued and revoked here, each with its own read-only scopes. */
export default function ApiClientsPage() {
  const me = useMe().data;
  const canManage = me?.permissions.includes('users.manage') ?? false;
  const clients = useApiClients();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const nameOf = (id: string | null) =>
    id ? (users.data?.users.find((u) => u.id === id)?.name ?? 'A staff member') : null;
  const boundTo = (c: ApiClient) =>
    c.patientId ? (
      <>
        One patient <Code>{c.patientId}</Code>
      </>
    ) : c.userId ? (
      `Acts as ${nameOf(c.userId)}`
    ) : (
      'The whole clinic'
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>API clients</PageTitle>
          <Text c="dimmed" maw={720}>
            Programs that read this clinic&rsquo;s records through the FHIR R4 API (read-only). Each has its
            own secret and scopes; creating and revoking one is recorded in the audit log.
          </Text>
        </div>
        {canManage && !creating ? (
          <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setCreating(true)}>
            New API client
          </Button>
        ) : null}
      </Group>

      {created ? <SecretOnce created={created} onDone={() => setCreated(null)} /> : null}
      {canManage && creating ? (
        <CreateApiClientPanel onCreated={setCreated} onClose={() => setCreating(false)} />
      ) : null}

      {clients.isPending ? <Loading label="Loading the API clients" /> : null}
      <ErrorAlert error={clients.error} title="Could not load the API clients" />
      {clients.data && clients.data.clients.length === 0 ? (
        <Text c="dimmed" data-testid="api-clients-empty">
          No API clients yet. Create one when a program (a reporting tool, a registry, another clinic&rsquo;s
          system) needs to read records.
        </Text>
      ) : null}
      {clients.data && clients.data.clients.length > 0 ? (
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="sm" striped>
            <Table.Caption>
              {clients.data.clients.length === 1
                ? '1 API client'
                : `${clients.data.clients.length} API clients`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Scopes</Table.Th>
                <Table.Th scope="col">Can read</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canManage ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.data.clients.map((c) => (
                <Table.Tr key={c.id} data-testid="api-client-row" data-revoked={c.revokedAt !== null}>
                  <Table.Th scope="row">
                    <Text fw={600}>{c.name}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {c.clientId}
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    <Stack gap={2}>
                      {c.scopes.map((s) => (
                        <Code key={s}>{s}</Code>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{boundTo(c)}</Table.Td>
                  <Table.Td>
                    <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
                    {nameOf(c.createdBy) ? (
                      <Text size="xs" c="dimmed">
                        by {nameOf(c.createdBy)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {c.lastTokenAt ? (
                      <time dateTime={c.lastTokenAt}>{formatDateTime(c.lastTokenAt)}</time>
                    ) : (
                      'Never'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge client={c} />
                    {c.revokedAt ? (
                      <Text size="xs" c="dimmed">
                        <time dateTime={c.revokedAt}>{formatDateTime(c.revokedAt)}</time>
                      </Text>
                    ) : null}
                  </Table.Td>
                  {canManage ? (
                    <Table.Td ta="right">{c.revokedAt ? null : <RevokeButton client={c} />}</Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
