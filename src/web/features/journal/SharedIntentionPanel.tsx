import { Paper, Stack, Text, Title } from '@mantine/core';
import { useSharedJournal } from './journal-query';

const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();

/**
 * On the dosing console before the dose: the intention the patient shared for a session on this day, if any
 * (only shared ones; the patient sees their own at check-in whether shared or not).
 */
export function SharedIntentionPanel({ patientId, day }: { patientId: string; day: string }) {
  const q = useSharedJournal(patientId);
  const found = (q.data?.entries ?? []).filter(
    (e) =>
      e.kind === 'intention' && e.shared && e.body !== null && e.session && sameDay(e.session.startsAt, day),
  );
  if (!found.length) return null;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="shared-intention-h"
      data-testid="shared-intention"
    >
      <Stack gap="xs">
        <Title order={2} size="h5" id="shared-intention-h">
          The patient’s intention for today (shared from their journal)
        </Title>
        {found.map((e) => (
          <Text key={e.id} style={{ whiteSpace: 'pre-wrap' }}>
            “{e.body}”
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
