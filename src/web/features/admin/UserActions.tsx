import { Button, Menu, Select, Stack, Text } from '@mantine/core';
import {
  IconBan,
  IconChevronDown,
  IconCircleCheck,
  IconShieldOff,
  IconUrgent,
  IconUserCog,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UserSummary } from '../../../contracts/users';
import { ConfirmModal } from '../../components/ConfirmModal';
import { api, errorMessage } from '../../lib/api';
import { notify } from '../../lib/notify';
import { ROLE_LABELS } from '../../lib/roles';
import { STAFF_ROLE_OPTIONS } from './InvitePanel';
import { usersKey } from './users-query';

type Action = 'role' | 'disable' | 'enable' | 'reset-mfa' | 'break-glass';

const DONE: Record<Action, (u: UserSummary) => string> = {
  role: (u) => `${u.name}'s role was changed.`,
  disable: (u) => `${u.name} is disabled and has been signed out.`,
  enable: (u) => `${u.name} can sign in again.`,
  'reset-mfa': (u) => `${u.name} will set up two-factor sign-in at their next sign-in.`,
  'break-glass': (u) =>
    u.canBreakGlass
      ? `${u.name} can no longer open emergency access; any open window was closed.`
      : `${u.name} can now open emergency access to confidential charts.`,
};

/** Roles that open charts: only they can be designated for emergency access (the server checks too). */
const CHART_ROLES = new Set(['prescriber', 'nurse', 'therapist', 'front_desk']);

/** Per-row account actions. Disabling, resetting MFA and changing a role confirm first. */
export function UserActions({ user }: { user: UserSummary }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Action | null>(null);
  const [role, setRole] = useState<string>(user.role);

  const run = useMutation({
    mutationFn: (action: Action) =>
      api.post(
        `/api/admin/users/${encodeURIComponent(user.id)}/${action}`,
        action === 'role' ? { role } : action === 'break-glass' ? { allowed: !user.canBreakGlass } : {},
      ),
    onSuccess: (_res, action) => {
      notify({ color: 'green', title: 'Done', message: DONE[action](user) });
      setPending(null);
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
    onError: (err, action) => {
      // Errors in a confirm dialog show inside it; a direct action (enable) reports in a notification.
      if (action === 'enable')
        notify({ color: 'red', title: 'Could not enable', message: errorMessage(err) });
    },
  });

  const open = (action: Action) => {
    run.reset();
    if (action === 'role') setRole(user.role);
    if (action === 'enable') run.mutate('enable');
    else setPending(action);
  };
  const close = () => {
    if (!run.isPending) setPending(null);
  };
  const roleLabel = (r: string) => ROLE_LABELS[r] ?? r;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="sm"
            rightSection={<IconChevronDown size={16} aria-hidden="true" />}
            aria-label={`Actions for ${user.name}`}
            loading={run.isPending && pending === null}
          >
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {user.role !== 'patient' ? (
            <Menu.Item
              leftSection={<IconUserCog size={18} aria-hidden="true" />}
              onClick={() => open('role')}
            >
              Change role…
            </Menu.Item>
          ) : null}
          {CHART_ROLES.has(user.role) && user.status !== 'disabled' ? (
            <Menu.Item
              leftSection={<IconUrgent size={18} aria-hidden="true" />}
              onClick={() => open('break-glass')}
            >
              {user.canBreakGlass ? 'Stop emergency access…' : 'Allow emergency access…'}
            </Menu.Item>
          ) : null}
          {user.mfaEnabled ? (
            <Menu.Item
              leftSection={<IconShieldOff size={18} aria-hidden="true" />}
              onClick={() => open('reset-mfa')}
            >
              Reset two-factor sign-in…
            </Menu.Item>
          ) : null}
          {user.status === 'disabled' ? (
            <Menu.Item
              leftSection={<IconCircleCheck size={18} aria-hidden="true" />}
              onClick={() => open('enable')}
            >
              Enable account
            </Menu.Item>
          ) : (
            <Menu.Item
              color="red"
              leftSection={<IconBan size={18} aria-hidden="true" />}
              onClick={() => open('disable')}
            >
              Disable account…
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>

      <ConfirmModal
        opened={pending === 'disable'}
        title={`Disable ${user.name}?`}
        confirmLabel="Disable account"
        danger
        loading={run.isPending}
        error={run.error}
        onConfirm={() => run.mutate('disable')}
        onClose={close}
      >
        {user.name} ({user.email}) will be signed out everywhere at once and will not be able to sign in until
        an admin enables the account again. Their records and audit history stay as they are. This is recorded
        in the audit log.
      </ConfirmModal>

      <ConfirmModal
        opened={pending === 'reset-mfa'}
        title={`Reset two-factor sign-in for ${user.name}?`}
        confirmLabel="Reset two-factor sign-in"
        danger
        loading={run.isPending}
        error={run.error}
        onConfirm={() => run.mutate('reset-mfa')}
        onClose={close}
      >
        Their authenticator app and any unused recovery codes stop working now, and their sessions end. At
        their next sign-in they will set up two-factor sign-in again. Only do this after confirming who is
        asking (for example, in person or by a call back to a known number). This is recorded in the audit
        log.
      </ConfirmModal>

      <ConfirmModal
        opened={pending === 'break-glass'}
        title={
          user.canBreakGlass
            ? `Stop emergency access for ${user.name}?`
            : `Allow emergency access for ${user.name}?`
        }
        confirmLabel={user.canBreakGlass ? 'Stop emergency access' : 'Allow emergency access'}
        danger={!user.canBreakGlass}
        loading={run.isPending}
        error={run.error}
        onConfirm={() => run.mutate('break-glass')}
        onClose={close}
      >
        {user.canBreakGlass
          ? `${user.name} will no longer be able to "break the glass". Any emergency access window they have open closes now. This is recorded in the audit log.`
          : `${user.name} will be able to "break the glass": open a confidential chart they are not on the care team of, for a limited time, after typing a reason. Every action in that window is flagged in the audit log and every admin is emailed. This is recorded in the audit log.`}
      </ConfirmModal>

      <ConfirmModal
        opened={pending === 'role'}
        title={`Change ${user.name}'s role`}
        confirmLabel="Change role"
        loading={run.isPending}
        error={run.error}
        onConfirm={() => {
          if (role !== user.role) run.mutate('role');
        }}
        onClose={close}
      >
        <Stack>
          <Select
            size="md"
            label="New role"
            data={STAFF_ROLE_OPTIONS}
            value={role}
            onChange={(v) => v && setRole(v)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Text size="sm">
            {role === user.role
              ? `${user.name} is a ${roleLabel(user.role)}. Choose a different role.`
              : `${user.name} changes from ${roleLabel(user.role)} to ${roleLabel(role)}: what they can see and do changes with their next request. This is recorded in the audit log.`}
          </Text>
        </Stack>
      </ConfirmModal>
    </>
  );
}
