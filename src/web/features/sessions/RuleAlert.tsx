import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconHandStop } from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import { thresholdText, vitalLabel } from './entries';
import type { FiredRule, Rule } from './session-query';

/** What to do next: the server's words when it gave them, else the rule's level and the route. */
function nextStep(fired: FiredRule, route: string): string {
  const fromServer = /\)\.\s(.+?)\sSource \(/.exec(fired.message)?.[1];
  if (fromServer)
    return route === 'iv' && fired.level === 'alert'
      ? `${fromServer} Slow or stop the infusion as the prescriber directs.`
      : fromServer;
  if (fired.level === 'hold')
    return 'Do not give the dose. Let the patient rest and re-check, or a prescriber overrides the hold with a reason.';
  return `Notify the prescriber now and re-check shortly.${route === 'iv' ? ' Slow or stop the infusion as the prescriber directs.' : ''}`;
}

/** The first sentence of the server's message: the value, the comparison and the threshold. */
function headline(message: string): string {
  const i = message.indexOf('). ');
  return i >= 0 ? message.slice(0, i + 2) : (message.split(' Source (')[0] ?? message);
}

export const basisWords = (basis: string) =>
  basis === 'policy' ? 'Clinic policy — not a published rule' : 'Published rule';

interface Props {
  fired: FiredRule;
  rule: Rule | undefined;
  route: string;
  /** Checked on this device only: the entry has not reached the server yet. */
  local?: boolean;
}

/** A rule that fired (UX.md principle 3): which rule, its threshold, its source and basis, what to do next. */
export function RuleAlert({ fired, rule, route, local }: Props) {
  const hold = fired.level === 'hold';
  const Icon = hold ? IconHandStop : IconAlertOctagon;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<Icon size={26} aria-hidden="true" />}
      title={
        <Group gap="xs" wrap="wrap">
          <Text fw={700} size="lg">
            {hold ? 'Pre-dose hold' : 'In-session alert'}: {vitalLabel(fired.vital)}
          </Text>
          <Badge color="red.9" variant="filled" styles={NO_CLIP}>
            {hold ? 'Hold' : 'Alert'}
          </Badge>
        </Group>
      }
      data-testid="rule-alert"
      data-rule={fired.ruleId}
    >
      <Stack gap={6}>
        <Text>{headline(fired.message)}</Text>
        {rule ? (
          <Text>
            <Text span fw={600}>
              Rule:
            </Text>{' '}
            {vitalLabel(rule.vital)} {thresholdText(rule)}{' '}
            {rule.phase === 'pre_dose' ? 'before the dose' : 'during the session'}
          </Text>
        ) : null}
        <Text>
          <Text span fw={600}>
            What to do next:
          </Text>{' '}
          {nextStep(fired, route)}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            Source ({basisWords(fired.basis)}):
          </Text>{' '}
          {fired.source}
        </Text>
        {local ? (
          <Text size="sm" fs="italic">
            Checked on this device; the entry is not saved yet.
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
