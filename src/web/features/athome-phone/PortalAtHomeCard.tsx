import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconHome2 } from '@tabler/icons-react';
import { Link } from 'react-router';
import { UNDER_WAY } from '../../../domain/athome/state';
import { useNow } from '../sessions/use-now';
import { type AtHomeSession, useMyAtHomeSessions } from './patient-api';
import { clockTime, isToday, whenWords } from './words';

/** What the card says and offers for a session, by where it is. */
function cardWords(s: AtHomeSession, now: number): { line: string; action: string | null } {
  if (s.state === 'checked_out' || s.patientCheckout)
    return { line: 'You have checked out. Thank you.', action: 'Open' };
  if (s.state === 'dose_taken')
    return { line: 'Your check-ins and check-out are here.', action: 'Open your session' };
  if (s.state === 'go') return { line: 'You have the go.', action: 'Open your session' };
  if (s.state === 'held')
    return { line: 'Your session is on hold: see what to do.', action: 'Open your session' };
  if (s.state === 'awaiting_go')
    return { line: 'Your check-in is done: waiting for the go.', action: 'Open your session' };
  if (now < Date.parse(s.checkIn.opensAt))
    return { line: `Your check-in opens at ${clockTime(s.checkIn.opensAt)}.`, action: null };
  return s.state === 'scheduled'
    ? { line: 'Your check-in is open: a few short steps before your dose.', action: 'Start check-in' }
    : { line: 'Carry on where you left off.', action: 'Continue check-in' };
}

/**
 * On the portal's home: today's at-home session (and any still running), from its booked time — "At-home
 * session today at 6:30 pm — Start check-in" — leading to the guided check-in.
 */
export function PortalAtHomeCard() {
  const now = useNow(30_000);
  const list = useMyAtHomeSessions();
  const shown = (list.data?.sessions ?? []).filter(
    (s) => s.state !== 'closed' && (isToday(s.startsAt, now) || UNDER_WAY.includes(s.state)),
  );
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((s) => {
        const { line, action } = cardWords(s, now);
        const heading = `At-home session ${whenWords(s.startsAt, now)}`;
        return (
          <Card
            key={s.id}
            withBorder
            radius="md"
            padding="lg"
            component="section"
            aria-label={heading}
            data-testid="portal-at-home-card"
            style={{ borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 }}
          >
            <Stack gap="sm">
              <Group gap="sm" wrap="nowrap">
                <IconHome2 size={24} aria-hidden="true" />
                <Title order={2} size="h4">
                  {heading}
                </Title>
              </Group>
              <Text>{line}</Text>
              {action ? (
                <Button
                  component={Link}
                  to={`/portal/at-home/${s.id}`}
                  size="md"
                  fullWidth
                  rightSection={<IconChevronRight size={18} aria-hidden="true" />}
                >
                  {action}
                </Button>
              ) : null}
            </Stack>
          </Card>
        );
      })}
    </>
  );
}
