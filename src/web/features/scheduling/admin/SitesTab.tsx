import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  IconArchive,
  IconBuildingHospital,
  IconCertificate,
  IconCircleCheck,
  IconCircleOff,
  IconPencil,
  IconPlus,
  IconRestore,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { location, locationBody, room, roomBody } from '../../../../contracts/scheduling';
import type { RoomKind } from '../../../../domain/scheduling/catalogue';
import { zoneWithCity } from '../../../../domain/scheduling/zone-words';
import { NO_CLIP } from '../../../components/badges';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { Loading } from '../../../components/Loading';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { STATE_OPTIONS } from '../../../lib/us-states';
import { browserTimeZone, focusFirstError, options, ROOM_KIND_LABELS, timeZones } from './labels';
import {
  type Location,
  locationsKey,
  type Room,
  refreshScheduling,
  useLocations,
} from './scheduling-admin-query';

interface SiteValues {
  name: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  phone: string;
  timezone: string;
  esketamineCertified: boolean;
  active: boolean;
}

const siteBody = (v: SiteValues) => ({
  ...v,
  addressLine2: v.addressLine2.trim() || null,
  phone: v.phone.trim() || null,
});

const validateSite = zodResolver<ReturnType<typeof siteBody>>(locationBody);

function SiteDialog({ site, onClose }: { site: Location | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<SiteValues>({
    initialValues: {
      name: site?.name ?? '',
      addressLine1: site?.addressLine1 ?? '',
      addressLine2: site?.addressLine2 ?? '',
      city: site?.city ?? '',
      state: site?.state ?? '',
      postalCode: site?.postalCode ?? '',
      phone: site?.phone ?? '',
      timezone: site?.timezone ?? browserTimeZone(),
      esketamineCertified: site?.esketamineCertified ?? false,
      active: site?.active ?? true,
    },
    validate: (v) => validateSite(siteBody(v)),
  });
  const save = useMutation({
    mutationFn: (v: SiteValues) =>
      site
        ? api.put(`/api/admin/scheduling/locations/${site.id}`, siteBody(v), { schema: location })
        : api.post('/api/admin/scheduling/locations', siteBody(v), { schema: location }),
    onSuccess: (saved) => {
      setUnplaced(null);
      refreshScheduling(queryClient, locationsKey);
      notify({
        title: site ? 'Site saved' : 'Site added',
        message: site
          ? `${saved.name} is updated.`
          : `${saved.name} is added. Add its rooms and chairs next.`,
      });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  const zones = timeZones();
  const zoneData = (
    zones.includes(form.values.timezone) || !form.values.timezone ? zones : [form.values.timezone, ...zones]
  ).map((z) => ({ value: z, label: zoneWithCity(z) }));

  return (
    <Modal
      opened
      onClose={() => !save.isPending && onClose()}
      title={site ? `Edit ${site.name}` : 'Add a site'}
      size="lg"
      centered
    >
      <form
        noValidate
        aria-label={site ? 'Edit site' : 'Add a site'}
        onSubmit={form.onSubmit((v) => save.mutate(v), focusFirstError)}
      >
        <Stack>
          {save.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={save.error} extra={unplaced} />
          ) : null}
          <TextInput
            label="Name"
            description="As staff and patients know it, e.g. “Oakland clinic”"
            required
            autoComplete="off"
            data-autofocus
            {...form.getInputProps('name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Address line 1"
              required
              autoComplete="off"
              {...form.getInputProps('addressLine1')}
            />
            <TextInput label="Address line 2" autoComplete="off" {...form.getInputProps('addressLine2')} />
            <TextInput label="City" required autoComplete="off" {...form.getInputProps('city')} />
            <NativeSelect
              label="State"
              description="Licensure follows it for in-person visits"
              size="md"
              required
              data={STATE_OPTIONS}
              {...form.getInputProps('state')}
            />
            <TextInput
              label="ZIP code"
              required
              autoComplete="off"
              inputMode="numeric"
              {...form.getInputProps('postalCode')}
            />
            <TextInput label="Phone" type="tel" autoComplete="off" {...form.getInputProps('phone')} />
          </SimpleGrid>
          <Select
            size="md"
            label="Time zone"
            description="Visits at this site are booked and shown in its local time. Type to search, e.g. Pacific or Los Angeles."
            required
            searchable
            limit={60}
            data={zoneData}
            nothingFoundMessage="No time zone matches"
            comboboxProps={{ withinPortal: true }}
            allowDeselect={false}
            {...form.getInputProps('timezone')}
            onChange={(v) => form.setFieldValue('timezone', v ?? '')}
          />
          <Switch
            size="md"
            label="Certified for esketamine (Spravato REMS)"
            description="Only certified sites can book esketamine visits."
            {...form.getInputProps('esketamineCertified', { type: 'checkbox' })}
          />
          <Switch
            size="md"
            label="Active"
            description="An inactive site keeps its history but cannot be booked."
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {site ? 'Save site' : 'Add site'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface RoomValues {
  name: string;
  kind: RoomKind;
  active: boolean;
}

function RoomDialog({
  site,
  current,
  onClose,
}: {
  site: Location;
  current: Room | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<RoomValues>({
    initialValues: {
      name: current?.name ?? '',
      kind: current?.kind ?? 'chair',
      active: current?.active ?? true,
    },
    validate: zodResolver(roomBody),
  });
  const save = useMutation({
    mutationFn: (v: RoomValues) =>
      current
        ? api.put(`/api/admin/scheduling/rooms/${current.id}`, v, { schema: room })
        : api.post(`/api/admin/scheduling/locations/${site.id}/rooms`, v, { schema: room }),
    onSuccess: (saved) => {
      setUnplaced(null);
      refreshScheduling(queryClient, locationsKey);
      notify({
        title: current ? 'Room saved' : 'Room added',
        message: `${saved.name} (${ROOM_KIND_LABELS[saved.kind].toLowerCase()}) at ${site.name}.`,
      });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  return (
    <Modal
      opened
      onClose={() => !save.isPending && onClose()}
      title={current ? `Edit ${current.name}` : `Add a room or chair to ${site.name}`}
      size="md"
      centered
    >
      <form
        noValidate
        aria-label={current ? 'Edit room' : 'Add a room'}
        onSubmit={form.onSubmit((v) => save.mutate(v), focusFirstError)}
      >
        <Stack>
          {save.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={save.error} extra={unplaced} />
          ) : null}
          <TextInput
            label="Room name"
            description="e.g. “Chair 1” or “Quiet room”"
            required
            autoComplete="off"
            data-autofocus
            {...form.getInputProps('name')}
          />
          <NativeSelect
            size="md"
            label="Kind"
            description="Visit types say which kinds of room they can use"
            data={options(ROOM_KIND_LABELS)}
            {...form.getInputProps('kind')}
          />
          {current ? (
            <Switch
              size="md"
              label="In use"
              description="A retired room keeps its booked history but is not offered for new visits."
              {...form.getInputProps('active', { type: 'checkbox' })}
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {current ? 'Save room' : 'Add room'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Retiring a room takes it out of booking; bringing it back needs no confirmation. */
function RetireRoom({ current, site, onClose }: { current: Room; site: Location; onClose: () => void }) {
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: () =>
      api.put(
        `/api/admin/scheduling/rooms/${current.id}`,
        { name: current.name, kind: current.kind, active: false },
        { schema: room },
      ),
    onSuccess: () => {
      refreshScheduling(queryClient, locationsKey);
      notify({ title: 'Room retired', message: `${current.name} is no longer offered for new visits.` });
      onClose();
    },
  });
  return (
    <ConfirmModal
      opened
      title={`Retire ${current.name}?`}
      confirmLabel="Retire room"
      danger
      loading={retire.isPending}
      error={retire.error}
      onConfirm={() => retire.mutate()}
      onClose={() => !retire.isPending && onClose()}
    >
      {current.name} at {site.name} will no longer be offered when booking. Visits already booked in it stay
      as they are; check the calendar and move them if the room is going out of use. You can bring it back
      later.
    </ConfirmModal>
  );
}

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

function SiteCard({ site, onEdit }: { site: Location; onEdit: () => void }) {
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
        <RetireRoom site={site} current={dialog.room} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}

/** Sites (address, zone, esketamine certification) with their rooms, chairs and offices. */
export function SitesTab() {
  const locations = useLocations();
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const list = locations.data?.locations ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" maw={640}>
          Where visits happen. Each site books in its own time zone; its rooms and chairs are what dosing
          visits hold. Video and phone visits need no site.
        </Text>
        <Button
          leftSection={<IconBuildingHospital size={18} aria-hidden="true" />}
          onClick={() => setEditing('new')}
        >
          Add a site
        </Button>
      </Group>
      {locations.isPending ? <Loading label="Loading sites" /> : null}
      <ErrorAlert error={locations.error} title="Could not load the sites" />
      {locations.data && list.length === 0 ? (
        <Card withBorder radius="md" padding="lg">
          <Text fw={600}>No sites yet</Text>
          <Text size="sm">
            Add the clinic’s first site to book in-person visits. Until then, only video and phone visits can
            be booked.
          </Text>
        </Card>
      ) : null}
      {list.map((site) => (
        <SiteCard key={site.id} site={site} onEdit={() => setEditing(site)} />
      ))}
      {editing ? (
        <SiteDialog site={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Stack>
  );
}
