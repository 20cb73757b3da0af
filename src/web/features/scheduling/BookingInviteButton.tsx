import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendarShare } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { bookingInviteResponse } from '../../../contracts/scheduling';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';

/**
 * Emails a prospective patient a single-use link to choose their own consultation time (when the clinic
 * turns self-booking on). Without mail configured, the link is shown once to pass on by hand.
 */
export function BookingInviteButton({ enquiryId }: { enquiryId: string }) {
  const invite = useMutation({
    mutationFn: () =>
      api.post(
        `/api/enquiries/${encodeURIComponent(enquiryId)}/booking-invite`,
        {},
        { schema: bookingInviteResponse },
      ),
  });
  return (
    <Stack gap="xs" align="flex-end">
      <Button
        variant="default"
        leftSection={<IconCalendarShare size={18} aria-hidden="true" />}
        onClick={() => invite.mutate()}
        loading={invite.isPending}
      >
        Send a booking link
      </Button>
      {invite.data ? (
        <Text size="sm" role="status">
          {invite.data.bookingUrl
            ? 'Mail is not set up: give them this link (works once, for 7 days).'
            : 'A link to choose a consultation time is on its way by email.'}
        </Text>
      ) : null}
      {invite.data?.bookingUrl ? (
        <Group gap="xs" wrap="nowrap">
          <TextInput aria-label="Booking link" value={invite.data.bookingUrl} readOnly w={320} />
          <CopyButton value={invite.data.bookingUrl}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
        </Group>
      ) : null}
      <ErrorAlert error={invite.error} title="No link was sent" />
    </Stack>
  );
}
