import { Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMoodSmile } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useMe } from '../../lib/session';
import { useExperience } from './experience-query';
import { RatingForm } from './RatingForm';
import { NOT_VALIDATED, RatingSummary } from './RatingSummary';

/**
 * A session's end-of-session ratings for the care team (issue #21): on the dosing console, where the nurse or
 * prescriber enters what the patient says as the session ends (the patient has just been dosed and the console
 * shows clinical detail, so the device is not handed over; each question is read aloud and takes one number),
 * and on the at-home session record, where the patient rated it on their phone. Clinicians may correct a
 * rating with a reason; the first one is kept.
 */
export function SessionExperienceSection({
  path,
  setting,
}: {
  path: string;
  setting: 'in_clinic' | 'at_home';
}) {
  const q = useExperience(path);
  const me = useMe().data;
  const canWrite = me?.permissions.includes('clinical.write') ?? false;
  const [open, setOpen] = useState(false);
  const data = q.data;
  const rated = (data?.ratings.length ?? 0) > 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="experience-heading"
      data-testid="section-experience"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={2} size="h3" id="experience-heading">
            Experience ratings
          </Title>
          {data?.canRate && canWrite && !open ? (
            <Button variant={rated ? 'default' : 'filled'} onClick={() => setOpen(true)}>
              {rated ? 'Correct the ratings' : 'Rate the session'}
            </Button>
          ) : null}
        </Group>
        {q.isPending ? <Loading label="Loading the ratings" /> : null}
        <ErrorAlert error={q.error} title="Could not load the ratings" />
        {data ? (
          <>
            {rated ? <RatingSummary ratings={data.ratings} /> : null}
            {!rated && !open ? (
              <Text c="dimmed">
                {!data.canRate
                  ? 'The patient rates the session after the dose.'
                  : setting === 'in_clinic'
                    ? 'Not rated yet. Before discharge, read each question to the patient and enter the number they give.'
                    : 'The patient has not rated this session. They are asked at check-out; it is optional.'}
              </Text>
            ) : null}
            {open ? (
              <RatingForm
                path={path}
                instruments={data.instruments}
                ratings={data.ratings}
                who="staff"
                onDone={() => setOpen(false)}
                onCancel={() => setOpen(false)}
              />
            ) : null}
            <Text size="xs" c="dimmed">
              {NOT_VALIDATED}
            </Text>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * After check-out on the patient's phone: an optional, prompted rating of the session they have just had. Once
 * rated it thanks them and shows their numbers.
 */
export function PortalRatingCard({ path }: { path: string }) {
  const q = useExperience(path);
  const [state, setState] = useState<'ask' | 'form' | 'later'>('ask');
  const data = q.data;
  if (!data?.canRate || state === 'later') return null;
  const rated = data.ratings.length > 0;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="portal-rating">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconMoodSmile size={24} aria-hidden="true" />
          <Title order={2} size="h4">
            {rated ? 'Thank you for rating your session' : 'How was your session?'}
          </Title>
        </Group>
        {rated ? (
          <RatingSummary ratings={data.ratings} />
        ) : state === 'form' ? (
          <RatingForm
            path={path}
            instruments={data.instruments}
            ratings={[]}
            who="patient"
            onDone={() => setState('ask')}
            onCancel={() => setState('later')}
          />
        ) : (
          <>
            <Text>
              Nine quick questions, each a number from 0 to 10, about what the session was like. It is
              optional, and it helps your care team and the clinic learn what works.
            </Text>
            <Button size="lg" fullWidth onClick={() => setState('form')}>
              Rate my session
            </Button>
            <Button size="lg" fullWidth variant="default" onClick={() => setState('later')}>
              Not now
            </Button>
          </>
        )}
        <Text size="xs" c="dimmed">
          These are Liminal’s own questions, not a validated scale.
        </Text>
      </Stack>
    </Card>
  );
}
