import { Alert, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { selfBookResponse, slotsResponse } from '../../../contracts/scheduling';
import { zoneInWords } from '../../../domain/scheduling/zone-words';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { type Slot, SlotPicker } from './SlotPicker';
import { tokenFromHash } from './VisitLinkPage';

/**
 * Where a prospective patient chooses a consultation time from the link the clinic emailed after their
 * enquiry (when the clinic allows it). The link is single-use; a taken time gets a plain "choose another".
 */
export default function SelfBookingPage() {
  const [token] = useState(tokenFromHash);
  const [modality, setModality] = useState<'video' | 'in_person'>('video');
  const [selected, setSelected] = useState<Slot | null>(null);
  const slots = useQuery({
    queryKey: ['public', 'slots', token, modality],
    queryFn: () => api.post('/api/public/booking/slots', { token, modality }, { schema: slotsResponse }),
    enabled: token.length >= 20,
    retry: false,
  });
  const book = useMutation({
    mutationFn: (s: Slot) =>
      api.post(
        '/api/public/booking/book',
        { token, startsAt: s.startsAt, userId: s.userId, modality: s.modality, locationId: s.locationId },
        { schema: selfBookResponse },
      ),
    onError: () => {
      setSelected(null);
      void slots.refetch();
    },
  });

  if (token.length < 20)
    return (
      <Stack maw={720}>
        <PageTitle>Book your consultation</PageTitle>
        <Alert color="yellow" variant="light">
          This link is incomplete. Please open the link from your email again, or call the clinic.
        </Alert>
      </Stack>
    );
  if (book.data)
    return (
      <Stack maw={720} gap="lg">
        <PageTitle>Your consultation is booked</PageTitle>
        <Card withBorder radius="md" padding="lg">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconCircleCheck
              size={26}
              color="var(--mantine-color-green-text)"
              aria-hidden="true"
              style={{ flexShrink: 0 }}
            />
            <Stack gap={4}>
              <Text fw={600} size="lg">
                {book.data.when}
              </Text>
              <Text>
                {book.data.modality === 'video'
                  ? 'By video — we will email you the link.'
                  : `In person at ${book.data.locationName ?? 'the clinic'}.`}
              </Text>
              <Text c="dimmed">A confirmation with a calendar file is on its way to your email.</Text>
            </Stack>
          </Group>
        </Card>
      </Stack>
    );
  return (
    <Stack maw={720} gap="lg">
      <PageTitle>
        {slots.data ? `Hello ${slots.data.firstName}, choose a time` : 'Book your consultation'}
      </PageTitle>
      {slots.data ? (
        <Text>
          {slots.data.label}, about {slots.data.durationMinutes} minutes with a prescriber licensed where you
          live. Times are shown in {zoneInWords(slots.data.timezone)}.
        </Text>
      ) : null}
      <div>
        <Text size="sm" fw={500} mb={4} id="how-label">
          How would you like to meet?
        </Text>
        <SegmentedControl
          aria-labelledby="how-label"
          value={modality}
          onChange={(v) => {
            setModality(v as 'video');
            setSelected(null);
          }}
          data={[
            { value: 'video', label: 'By video' },
            { value: 'in_person', label: 'In person' },
          ]}
        />
      </div>
      {slots.isPending ? <Loading label="Finding free times" /> : null}
      <ErrorAlert error={slots.error} title="This booking link does not work" />
      {slots.data ? (
        <SlotPicker
          slots={slots.data.slots}
          timezone={slots.data.timezone}
          selected={selected}
          onSelect={setSelected}
          showClinician
        />
      ) : null}
      <ErrorAlert error={book.error} title="That time could not be booked" />
      {selected ? (
        <Card withBorder radius="md" padding="md" aria-live="polite">
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}>
              {selected.when} with {selected.clinicianName}
              {selected.locationName ? `, ${selected.locationName}` : ''}
            </Text>
            <Button onClick={() => book.mutate(selected)} loading={book.isPending}>
              Book this time
            </Button>
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}
