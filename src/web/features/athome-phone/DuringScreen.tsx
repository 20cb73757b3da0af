import { Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconClock, IconCloudOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useNow } from '../sessions/use-now';
import { CheckoutForm } from './CheckoutForm';
import { DueAnswer } from './DueAnswer';
import { type AtHomeSession, sendPatient, usePatientWrites } from './patient-api';
import { NO_SHRINK } from './styles';
import { dueWords, nextItem, openItems } from './timeline';
import { clockTime, doseWords, inWords, sinceWords } from './words';

/**
 * After the dose: the time since it, the timed check-ins as they fall due (OK / Not OK, optional note), what
 * comes next, and the check-out once the session's minimum time has passed.
 */
export function DuringScreen({ session, doseAt }: { session: AtHomeSession; doseAt: string }) {
  const now = useNow(1000);
  const writes = usePatientWrites(session.id);
  const sent = new Set(writes.map((w) => w.answers));
  const [checkingOut, setCheckingOut] = useState(false);
  const items = session.timeline;
  const due = openItems(items, 'timed_check_in', now, sent);
  const next = nextItem(items, ['timed_check_in', 'check_out'], now, sent);
  const checkOut = items.find((i) => i.kind === 'check_out');
  const checkOutOpen = checkOut ? now >= Date.parse(checkOut.dueAt) : false;
  const answered = items.filter(
    (i) => i.kind === 'timed_check_in' && (i.status === 'done' || sent.has(i.key)),
  );
  const troches = session.dose?.troches ?? session.order?.troches ?? 0;

  return (
    <Stack gap="md" data-testid="during">
      <Card withBorder radius="md" padding="lg">
        <Stack gap={4} align="center">
          <Text size="sm" c="dimmed">
            Time since your dose
          </Text>
          <Text fz={36} fw={700} data-testid="since-dose">
            {sinceWords(doseAt, now)}
          </Text>
          <Text size="sm" ta="center">
            {`You took ${session.order ? doseWords({ ...session.order, troches }) : `${troches} troches`} at ${clockTime(doseAt)}.`}
          </Text>
        </Stack>
      </Card>

      {due.map((i) => (
        <DueAnswer
          key={i.key}
          testId="due-check-in"
          title={`Check-in: ${i.minute} minutes after your dose`}
          question="How are you? Tap OK if you feel safe and well enough."
          due={dueWords(i, now, clockTime)}
          onAnswer={(ok, note) =>
            sendPatient(session.id, {
              method: 'POST',
              path: '/check-ins',
              body: { key: i.key, ok, ...(note ? { note } : {}) },
              label: `${i.minute}-minute check-in: ${ok ? 'OK' : 'not OK'}`,
              answers: i.key,
            })
          }
        />
      ))}

      {next && due.length === 0 ? (
        <Group gap="xs" wrap="nowrap" data-testid="next-item">
          <IconClock size={20} aria-hidden="true" style={NO_SHRINK} />
          <Text>
            {next.kind === 'check_out'
              ? `Check-out opens at ${clockTime(next.dueAt)} (${inWords(Date.parse(next.dueAt) - now)}). Your sitter stays with you until then.`
              : `Next check-in at ${clockTime(next.dueAt)} (${inWords(Date.parse(next.dueAt) - now)}).`}
          </Text>
        </Group>
      ) : null}

      {answered.length ? (
        <section aria-labelledby="answered-h">
          <Title order={2} size="h5" id="answered-h" mb={4}>
            Check-ins answered
          </Title>
          <List spacing={4} size="sm" center>
            {answered.map((i) => (
              <List.Item
                key={i.key}
                icon={
                  sent.has(i.key) ? (
                    <IconCloudOff size={16} aria-hidden="true" color="var(--mantine-color-orange-text)" />
                  ) : (
                    <IconCircleCheck size={16} aria-hidden="true" color="var(--mantine-color-green-text)" />
                  )
                }
              >
                {`${i.minute}-minute check-in${sent.has(i.key) ? ': not sent yet' : ': answered'}`}
              </List.Item>
            ))}
          </List>
        </section>
      ) : null}

      {checkOutOpen && !session.patientCheckout ? (
        checkingOut ? (
          <CheckoutForm session={session} />
        ) : (
          <Card withBorder radius="md" padding="lg" data-testid="check-out-open">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Time to check out
              </Title>
              <Text>A few questions on how you feel, and a count of the troches you have left.</Text>
              <Button size="lg" fullWidth onClick={() => setCheckingOut(true)}>
                Check out
              </Button>
            </Stack>
          </Card>
        )
      ) : null}
    </Stack>
  );
}
