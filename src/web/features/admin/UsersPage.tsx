import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import {
  IconBan,
  IconCircleCheck,
  IconMail,
  IconShieldCheck,
  IconShieldOff,
  IconUrgent,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { UserSummary } from '../../../contracts/users';
import { NO_CLIP } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ROLE_LABELS } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { InvitePanel } from './InvitePanel';
import { UserActions } from './UserActions';
import { useUsers } from './users-query';

/** Never colour alone (UX.md): each status has a word and an icon too. */
const STATUS = {
  active: { label: 'Active', color: 'green', Icon: IconCircleCheck },
  invited: { label: 'Invited', color: 'yellow', Icon: IconMail },
  disabled: { label: 'Disabled', color: 'gray', Icon: IconBan },
} as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function StatusBadge({ status }: { status: UserSummary['status'] }) {
  const s = STATUS[status];
  return (
    <Badge
      color={s.color}
      variant="light"
      size="lg"
      leftSection={<s.Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {s.label}
    </Badge>
  );
}

/** Staff accounts: who can sign in, with which role, and whether two-factor sign-in is set up. */
export default function UsersPage() {
  const me = useMe().data;
  const users = useUsers();
  const [inviting, setInviting] = useState(false);
  const canManage = me?.permissions.includes('users.manage') ?? false;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>Users</PageTitle>
          <Text c="dimmed">
            Staff accounts of this clinic. Every change here is recorded in the audit log.
          </Text>
        </div>
        {canManage && !inviting ? (
          <Button
            leftSection={<IconUserPlus size={18} aria-hidden="true" />}
            onClick={() => setInviting(true)}
          >
            Invite a user
          </Button>
        ) : null}
      </Group>

      {canManage && inviting ? <InvitePanel onClose={() => setInviting(false)} /> : null}

      {users.isPending ? <Loading label="Loading users" /> : null}
      <ErrorAlert error={users.error} title="Could not load the users" />
      {users.data ? (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover striped>
            <Table.Caption>{`${users.data.users.length} accounts`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Two-factor</Table.Th>
                <Table.Th scope="col">Added</Table.Th>
                {canManage ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.users.map((u) => (
                <Table.Tr key={u.id} data-testid="user-row">
                  <Table.Th scope="row" fw={600}>
                    {u.name}
                    {u.id === me?.user.id ? (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        (you)
                      </Text>
                    ) : null}
                  </Table.Th>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>
                    {ROLE_LABELS[u.role] ?? u.role}
                    {u.canBreakGlass ? (
                      <Badge
                        ml="xs"
                        color="orange"
                        variant="light"
                        leftSection={<IconUrgent size={14} aria-hidden="true" />}
                        styles={NO_CLIP}
                        title="May open emergency access to confidential charts"
                      >
                        Emergency access
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={u.status} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {u.mfaEnabled ? (
                        <IconShieldCheck size={18} aria-hidden="true" />
                      ) : (
                        <IconShieldOff size={18} aria-hidden="true" />
                      )}
                      <Text size="sm">{u.mfaEnabled ? 'On' : 'Not set up'}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={u.createdAt}>{dateFormat.format(new Date(u.createdAt))}</time>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td ta="right">{u.id === me?.user.id ? null : <UserActions user={u} />}</Table.Td>
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
