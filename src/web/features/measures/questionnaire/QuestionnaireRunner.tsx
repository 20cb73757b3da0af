import { Alert, Button, Group, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { Answers, Instrument } from '../measures-query';
import { CrisisPanel, type CrisisResources } from './CrisisPanel';
import {
  answerValue,
  type CrisisLevel,
  localCrisis,
  missingRequired,
  resumeIndex,
  visibleItems,
  withAnswer,
} from './logic';
import { ReviewStep } from './ReviewStep';
import { SaveStatus } from './SaveStatus';
import { useAutosave } from './use-autosave';

export interface DraftAnswer {
  savedAt: string;
  crisis: boolean;
  crisisResources: CrisisResources | null;
}
export interface SubmitAnswer {
  responseId: string;
  completedAt: string;
  crisis: boolean;
  crisisResources: CrisisResources | null;
}
export interface Transport {
  save: (answers: Answers) => Promise<DraftAnswer>;
  submit: (answers: Answers) => Promise<SubmitAnswer>;
}
export interface Finished {
  result: SubmitAnswer;
  crisis: CrisisLevel | null;
  resources: CrisisResources | null;
}

interface Props {
  instrument: Instrument;
  initialAnswers: Answers;
  transport: Transport;
  onFinished: (f: Finished) => void;
}

/**
 * One question per screen, big answers to tap, progress in words, saved after every answer; returning
 * patients resume at the first unanswered question. Crisis resources appear the moment an answer calls
 * for them, and stay in view without blocking the rest of the questionnaire.
 */
export function QuestionnaireRunner({ instrument, initialAnswers, transport, onFinished }: Props) {
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [index, setIndex] = useState(() => resumeIndex(instrument, initialAnswers));
  const [needsAnswer, setNeedsAnswer] = useState(false);
  const [crisis, setCrisis] = useState<CrisisLevel | null>(() => localCrisis(instrument, initialAnswers));
  const [resources, setResources] = useState<CrisisResources | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  const raise = (level: CrisisLevel | null, res: CrisisResources | null) => {
    if (res) setResources(res);
    // Once shown, the resources stay for the rest of the visit: an answer changed back does not hide them.
    if (level) setCrisis((cur) => (cur === 'emergency' ? cur : level));
  };
  const autosave = useAutosave(transport.save, (r) =>
    raise(r.crisis ? 'emergency' : null, r.crisisResources),
  );

  const items = visibleItems(instrument, answers);
  const onReview = index >= items.length;
  const item = onReview ? null : items[index];
  const chosen = item ? answerValue(answers[item.linkId]) : undefined;

  const sectionRef = useRef<HTMLDivElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);

  /**
   * On a phone the Previous/Next bar sticks to the foot of the screen (styles.css). When a long question's
   * answers would run under it, the question moves up under the crisis line, which stays at the top: the
   * answers and the way on are on the screen together (issue #14 §4). Elsewhere nothing moves.
   */
  const fitAnswers = () => {
    const section = sectionRef.current;
    const bar = actionsRef.current;
    const last = [...(section?.querySelectorAll('[data-testid="answer-option"]') ?? [])].at(-1);
    if (!section || !bar || !last) return;
    if (last.getBoundingClientRect().bottom > bar.getBoundingClientRect().top)
      section.scrollIntoView({ block: 'start' });
  };

  // Move focus to the new question so screen readers read it, but not on first load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    if (first.current) {
      first.current = false;
      fitAnswers();
      return;
    }
    headingRef.current?.focus({ preventScroll: true });
    fitAnswers();
  }, [index]);

  const answer = (value: number) => {
    if (!item) return;
    const next = withAnswer(instrument, answers, item.linkId, value);
    setAnswers(next);
    setNeedsAnswer(false);
    raise(localCrisis(instrument, next), null);
    autosave.queue(next);
  };
  const go = (i: number) => {
    setNeedsAnswer(false);
    setIndex(Math.max(0, Math.min(i, items.length)));
    window.scrollTo({ top: 0 });
  };
  const next = () => {
    if (item?.required && chosen === undefined) {
      setNeedsAnswer(true);
      return;
    }
    go(index + 1);
  };
  const submit = async () => {
    if (missingRequired(instrument, answers).length > 0) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      await autosave.settle();
      const result = await transport.submit(answers);
      const level = result.crisis ? 'emergency' : crisis;
      onFinished({ result, crisis: level, resources: result.crisisResources ?? resources });
    } catch (err) {
      setSubmitError(err);
      setSubmitting(false);
    }
  };

  const total = items.length;
  const position = onReview ? total : index + 1;
  const percent = total ? Math.round(((onReview ? total : index) * 100) / total) : 100;

  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} id="q-progress-label" data-testid="question-progress">
            {onReview ? 'All questions done' : `Question ${position} of ${total}`}
          </Text>
          <SaveStatus state={autosave.state} savedAt={autosave.savedAt} />
        </Group>
        <Progress value={percent} size="lg" aria-label={`Progress: ${percent} % of the questions answered`} />
      </Stack>

      {crisis ? <CrisisPanel level={crisis} resources={resources} /> : null}
      {autosave.state === 'error' ? (
        <ErrorAlert error={autosave.error} title="Your last answer was not saved" />
      ) : null}

      {item ? (
        <Stack
          gap="md"
          component="section"
          aria-labelledby="q-text"
          ref={sectionRef}
          className="questionnaire-item"
        >
          {instrument.instructions ? (
            <Text c="dimmed" fz={{ base: 'sm', xs: 'md' }}>
              {item.groupPath.length ? `${item.groupPath[item.groupPath.length - 1]} — ` : ''}
              {instrument.instructions}
            </Text>
          ) : null}
          <Title order={2} size="h3" id="q-text" ref={headingRef} tabIndex={-1} style={{ lineHeight: 1.35 }}>
            {item.text}
          </Title>
          <Radio.Group
            value={chosen === undefined ? null : String(chosen)}
            onChange={(v) => answer(Number(v))}
            aria-labelledby="q-text"
            error={needsAnswer ? 'Choose an answer to go on' : undefined}
          >
            <Stack gap="xs">
              {item.options.map((o) => (
                <Radio.Card
                  key={o.value}
                  value={String(o.value)}
                  radius="md"
                  px="md"
                  py="sm"
                  mih={52}
                  className="answer-card"
                  data-testid="answer-option"
                >
                  <Group wrap="nowrap" gap="md">
                    <Radio.Indicator size="md" />
                    <Text size="lg" fw={500}>
                      {o.label}
                    </Text>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          {!item.required ? (
            <Text size="sm" c="dimmed">
              You can skip this question.
            </Text>
          ) : null}
        </Stack>
      ) : (
        <ReviewStep
          instrument={instrument}
          answers={answers}
          headingRef={headingRef}
          onChange={(linkId) => go(items.findIndex((i) => i.linkId === linkId))}
        />
      )}

      <ErrorAlert error={submitError} title="Your answers were not sent" />
      {/* On a phone the way on stays in view at the foot of the screen, whatever the item's length or a crisis
          panel above it (issue #14 §4); styles.css makes it sticky there. */}
      <Group
        gap="sm"
        wrap="nowrap"
        className="questionnaire-actions"
        data-testid="questionnaire-actions"
        ref={actionsRef}
      >
        {index > 0 ? (
          <Button
            variant="subtle"
            size="md"
            onClick={() => go(index - 1)}
            leftSection={<IconArrowLeft size={18} aria-hidden="true" />}
            aria-label="Previous question"
            px="xs"
          >
            Previous
          </Button>
        ) : null}
        {item ? (
          <Button
            size="lg"
            style={{ flex: 1 }}
            onClick={next}
            rightSection={<IconArrowRight size={20} aria-hidden="true" />}
          >
            {index + 1 === total ? 'Review my answers' : 'Next question'}
          </Button>
        ) : (
          <Button
            size="lg"
            style={{ flex: 1 }}
            onClick={() => void submit()}
            loading={submitting}
            disabled={missingRequired(instrument, answers).length > 0}
            rightSection={<IconSend size={20} aria-hidden="true" />}
          >
            Send my answers
          </Button>
        )}
      </Group>
      <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden="true" />}>
        Your answers are saved as you go. You can stop at any time and come back later to where you left off.
      </Alert>
    </Stack>
  );
}
