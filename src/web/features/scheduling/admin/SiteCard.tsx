import { Badge, Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import {
  IconArchive,
  IconCertificate,
  IconCircleCheck,
  IconCircleOff,
  IconPencil,
  IconPlus,
  IconRestore,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { room } from '../../../../contracts/scheduling';
import { zoneWithCity } from '../../../../domain/scheduling/zone-words';
import { NO_CLIP } from '../../../components/badges';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { ROOM_KIND_LABELS } from './labels';
import { RetireRoomDialog } from './RetireRoomDialog';
import { RoomDialog } from './RoomDialog';
import { type Location, locationsKey, type Room, refreshScheduling } from './scheduling-admin-query';

function StatusBadge({
  active,
  on = 'Active',
  off = 'Inactive',
}: {
  active: boolean;
  on?: string;
  off?: string;
}) {
  return (
    <Badge
      color={active ? 'green' : 'gray'}
      variant="light"
      leftSection={
        active ? (
          <IconCircleCheck size={14} aria-hidden="true" />
        ) : (
          <IconCircleOff size={14} aria-hidden="true" />
        )
      }
      styles={NO_CLIP}
    >
      {active ? on : off}
    </Badge>
  );
}

/** A site with its rooms and chairs: edit the site, add, rename, retire or bring back a room. */
export function SiteCard({ site, onEdit }: { site: Location; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'edit' | 'retire'; room: Room } | null>(
    null,
  );
  const restore = useMutation({
    mutationFn: (r: Room) =>
      api.put(
        `/api/admin/scheduling/rooms/${r.id}`,
        { name: r.name, kind: r.kind, active: true },
        { schema: room },
      ),
    onSuccess: (r) => {
      refreshScheduling(queryClient, locationsKey);
      notify({ title: 'Room back in use', message: `${r.name} can be booked again.` });
    },
  });
  const headingId = `site-${site.id}`;
  const address = [site.addressLine1, site.addressLine2, `${site.city}, ${site.state} ${site.postalCode}`]
    .filter(Boolean)
    .join(', ');
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby={headingId}
      data-testid="site-card"
    >
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Group gap="xs">
            <Title order={3} size="h4" id={headingId}>
              {site.name}
            </Title>
            <StatusBadge active={site.active} />
            {site.esketamineCertified ? (
              <Badge
                color="lagoon"
                variant="light"
                leftSection={<IconCertificate size={14} aria-hidden="true" />}
                styles={NO_CLIP}
              >
                Esketamine certified
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">{address}</Text>
          <Text size="sm" c="dimmed">
            Times in {zoneWithCity(site.timezone)}
            {site.phone ? ` · ${site.phone}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconPencil size={18} aria-hidden="true" />}
            onClick={onEdit}
          >
            Edit site<VisuallyHidden> {site.name}</VisuallyHidden>
          </Button>
          <Button
            variant="light"
            leftSection={<IconPlus size={18} aria-hidden="true" />}
            onClick={() => setDialog({ kind: 'add' })}
          >
            Add a room<VisuallyHidden> to {site.name}</VisuallyHidden>
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={restore.error} title="Could not bring the room back" />
      {site.rooms.length === 0 ? (
        <Text size="sm">No rooms or chairs yet. Dosing visits need a chair or room to be booked.</Text>
      ) : (
        <Table verticalSpacing="xs" striped>
          <Table.Caption>{`Rooms and chairs at ${site.name}`}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Room</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {site.rooms.map((r) => (
              <Table.Tr key={r.id} data-testid="room-row">
                <Table.Th scope="row">{r.name}</Table.Th>
                <Table.Td>{ROOM_KIND_LABELS[r.kind]}</Table.Td>
                <Table.Td>
                  <StatusBadge active={r.active} on="In use" off="Retired" />
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="sm" variant="subtle" onClick={() => setDialog({ kind: 'edit', room: r })}>
                      Rename<VisuallyHidden> {r.name}</VisuallyHidden>
                    </Button>
                    {r.active ? (
                      <Button
                        size="sm"
                        variant="subtle"
                        color="red"
                        leftSection={<IconArchive size={16} aria-hidden="true" />}
                        onClick={() => setDialog({ kind: 'retire', room: r })}
                      >
                        Retire<VisuallyHidden> {r.name}</VisuallyHidden>
                      </Button>
                    ) : (
                      <Button
                        size="sm"
                        variant="subtle"
                        leftSection={<IconRestore size={16} aria-hidden="true" />}
                        loading={restore.isPending && restore.variables?.id === r.id}
                        onClick={() => restore.mutate(r)}
                      >
                        Bring back<VisuallyHidden> {r.name}</VisuallyHidden>
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === 'add' ? (
        <RoomDialog site={site} current={null} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <RoomDialog site={site} current={dialog.room} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'retire' ? (
        <RetireRoomDialog site={site} current={dialog.room} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}
