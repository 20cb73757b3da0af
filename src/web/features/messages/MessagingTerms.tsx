import { Alert, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';

/** What the patient should know before writing: when the team answers, not for emergencies, no attachments. */
export function MessagingTerms({ clinicName, answerTime }: { clinicName: string; answerTime: string }) {
  return (
    <Alert
      color="blue"
      variant="light"
      radius="md"
      icon={<IconInfoCircle aria-hidden="true" />}
      data-testid="messaging-terms"
    >
      <Text fw={600}>
        Your care team at {clinicName} answers {answerTime}.
      </Text>
      <Text mt={4}>
        Messages are not for emergencies. If you are in crisis, call or text 988; in an emergency, call 911.
      </Text>
      <Text mt={4} size="sm">
        You cannot attach photos or files to messages yet.
      </Text>
    </Alert>
  );
}
