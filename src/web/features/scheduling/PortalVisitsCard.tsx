import { Anchor, Button, Card, Collapse, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { portalSlotsResponse, portalVisit, portalVisits } from '../../../contracts/scheduling';
import { zoneInWords } from '../../../domain/scheduling/zone-words';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { timeLabel, toLocal } from './labels';
import { type Slot, SlotPicker } from './SlotPicker';
import { type PortalVisit, VisitCard } from './VisitCard';

const KEY = ['portal', 'appointments'] as const;
type Slots = z.infer<typeof portalSlotsResponse>;

/** Why the times start (or stop) where they do, for a visit that keeps its place after a treatment session. */
function orderNote({ label, follows, timezone }: Slots): string | null {
  if (!follows) return null;
  const { after, before } = follows;
  const next = before ? `your next ${before.label.toLowerCase()}, on ${before.when}` : '';
  if (after) {
    const ends = timeLabel(toLocal(after.endsAt, timezone).time);
    return `Your ${label.toLowerCase()} comes after your ${after.label.toLowerCase()} on ${after.when}, so these times start once it has ended, at ${ends}.${before ? ` They end before ${next}.` : ''}`;
  }
  return before
    ? `Your ${label.toLowerCase()} comes before ${next}, so these times end before it starts.`
    : null;
}

/** Choosing a new time for a visit: free times with the same clinician, then one press to book. */
function RebookModal({ visit, onClose }: { visit: PortalVisit | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Slot | null>(null);
  const slots = useQuery({
    queryKey: [...KEY, 'slots', visit?.id],
    queryFn: () =>
      api.post(`/api/portal/appointments/${visit?.id}/slots`, {}, { schema: portalSlotsResponse }),
    enabled: visit !== null,
    retry: false,
  });
  const rebook = useMutation({
    mutationFn: (s: Slot) =>
      api.post(
        `/api/portal/appointments/${visit?.id}/rebook`,
        { startsAt: s.startsAt, userId: s.userId },
        { schema: portalVisit },
      ),
    onSuccess: async (v) => {
      notify({
        title: 'Your visit is booked',
        message: `${v.label}: ${v.when}. A confirmation is on its way by email.`,
      });
      await qc.invalidateQueries({ queryKey: KEY });
      setSelected(null);
      onClose();
    },
    onError: () => {
      setSelected(null);
      void slots.refetch();
    },
  });
  const moving = visit?.status === 'booked';
  return (
    <Modal
      opened={visit !== null}
      onClose={onClose}
      title={moving ? 'Change the time of your visit' : 'Book a new time'}
      size="lg"
    >
      <Stack>
        {visit && moving ? (
          <Text>Your visit on {visit.when} will be cancelled when you book the new time.</Text>
        ) : null}
        {slots.isPending ? <Loading label="Finding free times" /> : null}
        <ErrorAlert error={slots.error} title="We could not find free times" />
        {slots.data ? (
          <>
            <Text size="sm" c="dimmed">
              {slots.data.label}, {slots.data.durationMinutes} minutes, with the same clinician. Times in{' '}
              {zoneInWords(slots.data.timezone)}.
            </Text>
            {orderNote(slots.data) ? <Text data-testid="course-order">{orderNote(slots.data)}</Text> : null}
            <SlotPicker
              slots={slots.data.slots}
              timezone={slots.data.timezone}
              selected={selected}
              onSelect={setSelected}
            />
          </>
        ) : null}
        <ErrorAlert error={rebook.error} title="That time could not be booked" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            disabled={!selected}
            loading={rebook.isPending}
            onClick={() => selected && rebook.mutate(selected)}
          >
            {selected ? `Book ${selected.when}` : 'Choose a time'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The portal's visits: what is coming and how to prepare, a calendar file, cancel or change within the clinic's policy. */
export function PortalVisitsCard() {
  const qc = useQueryClient();
  const visits = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get('/api/portal/appointments', { schema: portalVisits, signal }),
  });
  const [cancelling, setCancelling] = useState<PortalVisit | null>(null);
  const [rebooking, setRebooking] = useState<PortalVisit | null>(null);
  const [reason, setReason] = useState('');
  const [showPast, setShowPast] = useState(false);
  const cancel = useMutation({
    mutationFn: (v: PortalVisit) =>
      api.post(
        `/api/portal/appointments/${v.id}/cancel`,
        { reason: reason.trim() || null },
        { schema: portalVisit },
      ),
    onSuccess: async (v) => {
      notify({ title: 'Visit cancelled', message: `${v.label} on ${v.when} is cancelled.` });
      setCancelling(null);
      setReason('');
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const data = visits.data;
  const phone = data?.clinicPhone;
  const rebookable = (data?.past ?? []).filter((v) => v.canRebook);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="visits-h"
      data-testid="portal-visits"
    >
      <Stack gap="md">
        <Title order={2} size="h4" id="visits-h">
          Your visits
        </Title>
        {visits.isPending ? <Loading label="Loading your visits" /> : null}
        <ErrorAlert error={visits.error} title="Could not load your visits" />
        {data && data.upcoming.length === 0 ? <Text c="dimmed">No visits are booked.</Text> : null}
        {data?.upcoming.map((v) => (
          <VisitCard key={v.id} visit={v}>
            <Group gap="xs" wrap="wrap">
              <Button
                component="a"
                href={`/api/portal/appointments/${v.id}/ics`}
                download="visit.ics"
                variant="default"
                leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
              >
                Add to calendar
              </Button>
              {v.canRebook && v.status === 'booked' ? (
                <Button variant="default" onClick={() => setRebooking(v)}>
                  Change time
                </Button>
              ) : null}
              {v.canCancel ? (
                <Button variant="subtle" color="red" onClick={() => setCancelling(v)}>
                  Cancel visit
                </Button>
              ) : null}
            </Group>
            {v.status === 'booked' && !v.canCancel ? (
              <Text size="sm" c="dimmed">
                Online changes closed {formatDateTime(v.cancelDeadline)}. To cancel or change, please call{' '}
                {phone ? (
                  <Anchor href={`tel:${phone}`} c="inherit" underline="always">
                    {phone}
                  </Anchor>
                ) : (
                  'the clinic'
                )}
                .
              </Text>
            ) : null}
          </VisitCard>
        ))}
        {rebookable.map((v) => (
          <Card key={v.id} withBorder radius="md" padding="sm" data-testid="rebook-card">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text>
                You cancelled your {v.label.toLowerCase()} on {v.when}.
              </Text>
              <Button onClick={() => setRebooking(v)}>Book a new time</Button>
            </Group>
          </Card>
        ))}
        {data && data.past.length > 0 ? (
          <div>
            <Button variant="subtle" px={0} onClick={() => setShowPast((s) => !s)} aria-expanded={showPast}>
              {showPast
                ? 'Hide past and cancelled visits'
                : `Past and cancelled visits (${data.past.length})`}
            </Button>
            <Collapse expanded={showPast}>
              <Stack gap="xs" mt="xs">
                {data.past.map((v) => (
                  <Text key={v.id} size="sm">
                    {v.when} — {v.label}
                    {v.status === 'cancelled' ? ' (cancelled)' : v.status === 'no_show' ? ' (missed)' : ''}
                  </Text>
                ))}
              </Stack>
            </Collapse>
          </div>
        ) : null}
        {data ? (
          <Text size="sm" c="dimmed">
            You can cancel or change online until {data.cancelNoticeHours} hours before a visit.
          </Text>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={cancelling !== null}
        title="Cancel this visit?"
        confirmLabel="Cancel the visit"
        danger
        loading={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancelling && cancel.mutate(cancelling)}
        onClose={() => setCancelling(null)}
      >
        <Stack gap="sm">
          <Text>
            {cancelling?.label} on {cancelling?.when}. You can book a new time afterwards.
          </Text>
          <Textarea
            label="Reason (optional)"
            autosize
            minRows={2}
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </Stack>
      </ConfirmModal>
      <RebookModal visit={rebooking} onClose={() => setRebooking(null)} />
    </Card>
  );
}
