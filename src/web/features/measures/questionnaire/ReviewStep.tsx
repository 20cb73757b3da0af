import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconPencil } from '@tabler/icons-react';
import type { RefObject } from 'react';
import type { Answers, Instrument } from '../measures-query';
import { answerValue, missingRequired, visibleItems } from './logic';

/** Before sending: every answer at a glance, each one a tap from being changed. */
export function ReviewStep({
  instrument,
  answers,
  headingRef,
  onChange,
}: {
  instrument: Instrument;
  answers: Answers;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onChange: (linkId: string) => void;
}) {
  const items = visibleItems(instrument, answers);
  const missing = missingRequired(instrument, answers);
  return (
    <Stack gap="md" component="section" aria-labelledby="review-h">
      <Title order={2} size="h3" id="review-h" ref={headingRef} tabIndex={-1}>
        {missing.length ? 'A few questions still need an answer' : 'Check your answers, then send them'}
      </Title>
      {missing.length ? (
        <Alert color="yellow" variant="light" icon={<IconAlertCircle aria-hidden="true" />}>
          Tap “Answer” next to each question marked “Not answered yet”.
        </Alert>
      ) : (
        <Text>Your care team will see your answers once you send them.</Text>
      )}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((item, i) => {
          const v = answerValue(answers[item.linkId]);
          const label = item.options.find((o) => o.value === v)?.label;
          return (
            <Card key={item.linkId} component="li" withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
                <Stack gap={2} miw={0}>
                  <Text size="sm" c="dimmed">
                    Question {i + 1}
                  </Text>
                  <Text size="sm">{item.text}</Text>
                  <Text fw={700} fs={label ? undefined : 'italic'}>
                    {label ?? (item.required ? 'Not answered yet' : 'Skipped')}
                  </Text>
                </Stack>
                <Button
                  variant="default"
                  size="sm"
                  mih={44}
                  onClick={() => onChange(item.linkId)}
                  leftSection={<IconPencil size={16} aria-hidden="true" />}
                  aria-label={`${label ? 'Change' : 'Answer'} question ${i + 1}`}
                >
                  {label ? 'Change' : 'Answer'}
                </Button>
              </Group>
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
