import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import { type Rating, shortRatingName } from './experience-query';

export const NOT_VALIDATED =
  'Liminal’s own end-of-session ratings, written for the project and not validated: they describe how the patient rated this session, not a clinical measurement.';

/** The session's ratings as scores: total out of the maximum, its band, the subscales, who entered it and when. */
export function RatingSummary({ ratings }: { ratings: Rating[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="experience-scores">
      {ratings.map((r) => (
        <Stack key={r.instrumentId} gap={4} data-testid={`rating-${r.instrumentId}`}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{shortRatingName(r.instrumentName)}</Text>
            <Text fw={700} size="lg">{`${r.total} of ${r.range.max}`}</Text>
            {r.band ? (
              <Badge variant="light" color="gray">
                {r.band}
              </Badge>
            ) : null}
            {r.corrected ? (
              <Badge variant="outline" color="gray">
                Corrected
              </Badge>
            ) : null}
          </Group>
          {r.subscales.length ? (
            <Text size="sm">{r.subscales.map((s) => `${s.name} ${s.value ?? '—'}`).join(' · ')}</Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {r.byPatient
              ? `Rated by the patient, ${formatDateTime(r.ratedAt)}`
              : `Entered by ${r.enteredBy ?? 'a staff member'}, ${formatDateTime(r.ratedAt)}`}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
