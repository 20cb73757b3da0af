import { Card, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { HoursForm } from './HoursForm';
import { CLINICAL_ROLE_LABELS } from './labels';
import { RevokeFeedSection } from './RevokeFeedSection';
import { type Location, useAvailability, useLocations, useStaff } from './scheduling-admin-query';
import type { Person } from './staff-hours';
import { TimeOffSection } from './TimeOffSection';

function PersonPanel({ person, zone, sites }: { person: Person; zone: string; sites: Location[] }) {
  const data = useAvailability(person.id);
  return (
    <Stack gap="md">
      {data.isPending ? <Loading label={`Loading the hours of ${person.name}`} /> : null}
      <ErrorAlert error={data.error} title="Could not load the working hours" />
      {data.data ? (
        <>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="hours-h">
            <Title order={3} size="h4" id="hours-h" mb="xs">
              Weekly working hours
            </Title>
            <HoursForm key={person.id} person={person} data={data.data} sites={sites} clinicZone={zone} />
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="time-off-h">
            <Title order={3} size="h4" id="time-off-h" mb="xs">
              Time off
            </Title>
            <TimeOffSection key={person.id} person={person} data={data.data} zone={zone} />
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="feed-h">
            <Title order={3} size="h4" id="feed-h" mb="xs">
              Calendar feed
            </Title>
            <RevokeFeedSection person={person} />
          </Card>
        </>
      ) : null}
    </Stack>
  );
}

/** A clinician's weekly working hours per site, their time off, and their calendar feed. */
export function StaffHoursTab() {
  const staff = useStaff();
  const locations = useLocations();
  const [userId, setUserId] = useState<string | null>(null);
  const people = staff.data?.staff ?? [];
  const person = people.find((p) => p.id === userId);
  return (
    <Stack gap="md">
      <Text c="dimmed" maw={640}>
        When each prescriber, nurse and therapist works, and where. Booking checks these hours and any time
        off.
      </Text>
      {staff.isPending ? <Loading label="Loading staff" /> : null}
      <ErrorAlert error={staff.error} title="Could not load the staff list" />
      <ErrorAlert error={locations.error} title="Could not load the sites" />
      {staff.data && people.length === 0 ? (
        <Card withBorder radius="md" padding="lg">
          <Text fw={600}>No clinicians yet</Text>
          <Text size="sm">
            Invite prescribers, nurses and therapists under Users; their hours are set here.
          </Text>
        </Card>
      ) : null}
      {people.length ? (
        <Select
          size="md"
          maw={420}
          label="Staff member"
          placeholder="Choose a clinician"
          searchable
          data={people.map((p) => ({ value: p.id, label: `${p.name} (${CLINICAL_ROLE_LABELS[p.role]})` }))}
          value={userId}
          onChange={setUserId}
          nothingFoundMessage="No clinician matches"
          comboboxProps={{ withinPortal: true }}
        />
      ) : null}
      {person && staff.data && locations.data ? (
        <PersonPanel
          key={person.id}
          person={person}
          zone={staff.data.timezone}
          sites={locations.data.locations}
        />
      ) : null}
      {person && locations.isPending ? <Loading label="Loading the sites" /> : null}
    </Stack>
  );
}
