import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { LICENCE_TYPES, licenceBody } from '../../../contracts/users';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { ROLE_LABELS } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { STATE_OPTIONS, stateName } from '../../lib/us-states';
import {
  EXPIRY_WINDOW_DAYS,
  type Licence,
  useExpiringLicences,
  useLicenceActions,
  useUserLicences,
} from './licences-query';
import { useUsers } from './users-query';

/** Amber when due soon, red once expired (a clinician may not treat on it), green otherwise. */
function ExpiryBadge({ daysLeft }: { daysLeft: number }) {
  if (daysLeft < 0)
    return (
      <Badge
        color="red"
        variant="light"
        leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        Expired
      </Badge>
    );
  if (daysLeft <= EXPIRY_WINDOW_DAYS)
    return (
      <Badge
        color="yellow"
        variant="light"
        leftSection={<IconClockExclamation size={12} aria-hidden="true" />}
        styles={NO_CLIP}
      >
        {daysLeft === 0 ? 'Expires today' : `${daysLeft} days left`}
      </Badge>
    );
  return (
    <Badge
      color="green"
      variant="light"
      leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Valid
    </Badge>
  );
}

function LicenceTable({
  rows,
  withName,
  onRemove,
}: {
  rows: Licence[];
  withName?: boolean;
  onRemove?: (l: Licence) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            {withName ? <Table.Th scope="col">Staff member</Table.Th> : null}
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            {onRemove ? <Table.Th scope="col">Remove</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((l) => (
            <Table.Tr key={l.id} data-testid="licence-row">
              {withName ? <Table.Td>{l.userName ?? '—'}</Table.Td> : null}
              <Table.Td>{stateName(l.state)}</Table.Td>
              <Table.Td>{l.licenceType}</Table.Td>
              <Table.Td ff="monospace">{l.number}</Table.Td>
              <Table.Td>{formatDate(l.expiresOn)}</Table.Td>
              <Table.Td>
                <ExpiryBadge daysLeft={l.daysLeft} />
              </Table.Td>
              {onRemove ? (
                <Table.Td>
                  <Button
                    size="sm"
                    variant="default"
                    onClick={() => onRemove(l)}
                    aria-label={`Remove ${l.licenceType} licence in ${stateName(l.state)}`}
                  >
                    Remove…
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const TYPE_OPTIONS = [
  { value: '', label: 'Choose a type' },
  ...LICENCE_TYPES.map((t) => ({ value: t, label: t === 'other' ? 'Other' : t })),
];

function UserLicences({ userId, name, canManage }: { userId: string; name: string; canManage: boolean }) {
  const list = useUserLicences(userId);
  const { add, remove } = useLicenceActions(userId);
  const [removing, setRemoving] = useState<Licence | null>(null);
  const form = useForm({
    initialValues: { state: '', licenceType: '', number: '', expiresOn: '' },
    validate: zodResolver(licenceBody),
  });
  const submit = form.onSubmit((v) =>
    add.mutate(v as never, {
      onSuccess: () => {
        form.reset();
        notify({
          color: 'green',
          title: 'Licence added',
          message: `${v.licenceType} in ${stateName(v.state)} for ${name}.`,
        });
      },
      onError: (err) => applyServerErrors(form, err),
    }),
  );
  return (
    <Stack gap="md">
      {list.isPending ? <Loading label="Loading licences" /> : null}
      <ErrorAlert error={list.error} title="Could not load the licences" />
      {list.data ? (
        list.data.licences.length ? (
          <LicenceTable rows={list.data.licences} onRemove={canManage ? setRemoving : undefined} />
        ) : (
          <Text c="dimmed">{name} has no licences recorded.</Text>
        )
      ) : null}
      {canManage ? (
        <form noValidate aria-label={`Add a licence for ${name}`} onSubmit={submit}>
          <Stack gap="sm">
            <Text fw={600}>Add a licence</Text>
            <ErrorAlert error={add.error} />
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <NativeSelect
                size="md"
                label="State"
                required
                data={STATE_OPTIONS}
                {...form.getInputProps('state')}
              />
              <NativeSelect
                size="md"
                label="Type"
                required
                data={TYPE_OPTIONS}
                {...form.getInputProps('licenceType')}
              />
              <TextInput label="Number" required autoComplete="off" {...form.getInputProps('number')} />
              <TextInput label="Expires on" type="date" required {...form.getInputProps('expiresOn')} />
            </SimpleGrid>
            <Group>
              <Button
                type="submit"
                variant="default"
                loading={add.isPending}
                leftSection={<IconPlus size={18} aria-hidden="true" />}
              >
                Add licence
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      <ConfirmModal
        opened={removing !== null}
        title="Remove this licence?"
        confirmLabel="Remove licence"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
        onClose={() => !remove.isPending && setRemoving(null)}
      >
        {removing
          ? `${name}'s ${removing.licenceType} licence in ${stateName(removing.state)} (${removing.number}) stops counting for licensure checks at once. It stays in the history, and the removal is recorded in the audit log.`
          : null}
      </ConfirmModal>
    </Stack>
  );
}

/** Clinicians' licences per state (DOMAIN §7), and the ones that expire soon. */
export default function LicencesPage() {
  const me = useMe().data;
  const canManage = me?.permissions.includes('users.manage') ?? false;
  const users = useUsers();
  const expiring = useExpiringLicences();
  const staff = (users.data?.users ?? []).filter((u) => u.role !== 'patient' && u.status !== 'disabled');
  const [picked, setPicked] = useState('');
  const userId = picked || staff.find((u) => u.role === 'prescriber')?.id || staff[0]?.id || '';
  const user = staff.find((u) => u.id === userId);

  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Licences</PageTitle>
        <Text c="dimmed">
          A clinician may only treat a patient who is in a state where they are licensed. Charts warn when
          nobody on the care team holds a current licence in the patient&rsquo;s state.
        </Text>
      </div>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="expiring-h">
        <Title order={2} size="h4" id="expiring-h" mb="sm">
          Expiring within {EXPIRY_WINDOW_DAYS} days
        </Title>
        {expiring.isPending ? <Loading label="Loading licences" /> : null}
        <ErrorAlert error={expiring.error} title="Could not load expiring licences" />
        {expiring.data ? (
          expiring.data.licences.length ? (
            <LicenceTable rows={expiring.data.licences} withName />
          ) : (
            <Text>No licence expires in the next {EXPIRY_WINDOW_DAYS} days.</Text>
          )
        ) : null}
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="peruser-h">
        <Stack gap="md">
          <Title order={2} size="h4" id="peruser-h">
            Licences by staff member
          </Title>
          <ErrorAlert error={users.error} title="Could not load staff" />
          <NativeSelect
            size="md"
            label="Staff member"
            maw={420}
            data={staff.map((u) => ({ value: u.id, label: `${u.name} (${ROLE_LABELS[u.role] ?? u.role})` }))}
            value={userId}
            onChange={(e) => setPicked(e.currentTarget.value)}
          />
          {user ? (
            <UserLicences key={user.id} userId={user.id} name={user.name} canManage={canManage} />
          ) : null}
        </Stack>
      </Card>
    </Stack>
  );
}
