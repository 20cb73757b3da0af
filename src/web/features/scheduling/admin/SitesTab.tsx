import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconBuildingHospital } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { SiteCard } from './SiteCard';
import { SiteDialog } from './SiteDialog';
import { type Location, useLocations } from './scheduling-admin-query';

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
