import { Alert, Anchor, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendarX, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { fixHref } from '../fix-href';
import type { CheckResult } from '../scheduling-query';

/** Overlaps the visit types' holds allow (a supervising prescriber on site), in the server's words. */
export function AllowedOverlaps({ overlaps }: { overlaps: CheckResult['allowedOverlaps'] }) {
  if (!overlaps.length) return null;
  return (
    <Alert
      color="blue"
      variant="light"
      title="Overlaps that are allowed"
      icon={<IconInfoCircle aria-hidden="true" />}
      data-testid="allowed-overlaps"
    >
      <List size="sm">
        {overlaps.map((o) => (
          <List.Item key={`${o.userId}-${o.appointmentId}`}>{o.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** What the server would say about this booking, shown as the form is filled in. */
export function CheckPanel({ result, checking }: { result: CheckResult | null; checking: boolean }) {
  if (!result)
    return checking ? (
      <Text size="sm" c="dimmed">
        Checking the calendar…
      </Text>
    ) : null;
  const overlaps = result.allowedOverlaps;
  return (
    <Stack gap="xs" aria-live="polite" data-testid="booking-check">
      {result.conflicts.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          title="This time is not free"
          icon={<IconCalendarX aria-hidden="true" />}
        >
          <List size="sm">
            {result.conflicts.map((c) => (
              <List.Item key={`${c.resource}-${c.id}-${c.appointmentId ?? ''}`}>{c.message}</List.Item>
            ))}
          </List>
        </Alert>
      ) : result.problems.length === 0 ? (
        <Group gap={6}>
          <IconCircleCheck size={18} color="var(--mantine-color-green-text)" aria-hidden="true" />
          <Text size="sm">
            {checking
              ? 'Checking the calendar…'
              : overlaps.length
                ? 'No clashes: the booking can go ahead.'
                : 'The time is free for everyone involved.'}
          </Text>
        </Group>
      ) : null}
      <AllowedOverlaps overlaps={overlaps} />
      {result.warnings.length > 0 ? (
        <Alert
          color="yellow"
          variant="light"
          title="Before the day"
          icon={<IconAlertTriangle aria-hidden="true" />}
        >
          <List size="sm">
            {result.warnings.map((w) => (
              <List.Item key={w.code + w.message}>
                {w.message}{' '}
                {w.fixPath ? (
                  <Anchor component={Link} to={fixHref(w.fixPath)} size="sm" c="inherit" underline="always">
                    Fix
                  </Anchor>
                ) : null}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}
