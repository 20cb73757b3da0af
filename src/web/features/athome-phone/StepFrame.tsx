import { Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef } from 'react';

export const CHECK_IN_STEPS = ['mood', 'safety', 'reading', 'sitter'] as const;
export type CheckInStepName = (typeof CHECK_IN_STEPS)[number];
const STEP_WORDS: Record<CheckInStepName, string> = {
  mood: 'Mood and intention',
  safety: 'Safety questions',
  reading: 'Blood pressure and pulse',
  sitter: 'Your sitter',
};

/**
 * One check-in step on one screen: where you are ("Step 2 of 4"), the step's heading (focused when the step
 * changes, so a screen reader reads it), its content, and the way on at the foot, in view on a phone.
 */
export function StepFrame({
  step,
  title,
  children,
  onBack,
  next,
  focusOnMount = false,
}: {
  step: CheckInStepName;
  focusOnMount?: boolean;
  title: string;
  children: ReactNode;
  onBack?: (() => void) | undefined;
  next?: { label: string; onClick: () => void; loading?: boolean; disabled?: boolean } | undefined;
}) {
  const index = CHECK_IN_STEPS.indexOf(step);
  const heading = useRef<HTMLHeadingElement>(null);
  // A step reached by moving on takes the focus (a screen reader reads its heading); the first one shown
  // when the page opens leaves the focus where the page put it.
  useEffect(() => {
    if (!focusOnMount) return;
    heading.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [focusOnMount]);
  return (
    <Stack gap="md" component="section" aria-labelledby="step-title" data-testid={`step-${step}`}>
      <Stack gap={6}>
        <Text fw={600} data-testid="step-progress">
          {`Step ${index + 1} of ${CHECK_IN_STEPS.length}: ${STEP_WORDS[step]}`}
        </Text>
        <Progress
          value={(index * 100) / CHECK_IN_STEPS.length}
          size="lg"
          aria-label={`Check-in progress: step ${index + 1} of ${CHECK_IN_STEPS.length}`}
        />
      </Stack>
      <Title order={2} size="h3" id="step-title" ref={heading} tabIndex={-1} style={{ lineHeight: 1.35 }}>
        {title}
      </Title>
      {children}
      {onBack || next ? (
        <Group gap="sm" wrap="nowrap" className="questionnaire-actions">
          {onBack ? (
            <Button
              variant="subtle"
              size="md"
              px="xs"
              onClick={onBack}
              leftSection={<IconArrowLeft size={18} aria-hidden="true" />}
            >
              Back
            </Button>
          ) : null}
          {next ? (
            <Button
              size="lg"
              style={{ flex: 1 }}
              onClick={next.onClick}
              loading={next.loading}
              disabled={next.disabled}
              rightSection={<IconArrowRight size={20} aria-hidden="true" />}
            >
              {next.label}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
