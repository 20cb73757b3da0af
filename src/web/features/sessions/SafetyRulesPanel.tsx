import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DoseLimit } from '../../../domain/dosing';
import { DOSE_LIMIT_LEVELS, describeDoseLimit } from '../../../domain/rules';
import { PHASE_INFO, type VitalPhase } from '../../../domain/vitals';
import { BasisBadge } from '../../components/BasisBadge';
import { formatDateTime } from '../../lib/format';
import { thresholdText, vitalLabel } from './entries';
import { Section } from './Section';
import type { ConsoleState, Rule } from './session-query';

function RuleLine({ rule }: { rule: Rule }) {
  return (
    <Stack gap={2} data-testid="session-rule" data-rule={rule.id}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>
          {vitalLabel(rule.vital)} {thresholdText(rule)}
        </Text>
        <Text>
          → {rule.level === 'hold' ? 'hold' : 'alert'}, re-check in {rule.recheckMinutes} min
        </Text>
        <BasisBadge policy={rule.basis === 'policy'} size="sm" />
      </Group>
      <Text size="sm">Source: {rule.source}</Text>
      {rule.note ? <Text size="sm">{rule.note}</Text> : null}
    </Stack>
  );
}

function LimitLine({ limit }: { limit: DoseLimit }) {
  return (
    <Stack gap={2} data-testid="session-dose-limit">
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>{limit.label}:</Text>
        <Text>
          {describeDoseLimit(limit)} → {DOSE_LIMIT_LEVELS[limit.level].toLowerCase()}
        </Text>
        <BasisBadge policy={limit.clinicPolicy} size="sm" />
      </Group>
      <Text size="sm">Source: {limit.source}</Text>
    </Stack>
  );
}

/**
 * The safety rules this session is evaluated with: the clinic's rule-set version at its start, kept for the
 * whole session (a version published later applies to new sessions). Each rule with its basis and source.
 */
export function SafetyRulesPanel({ state }: { state: ConsoleState }) {
  const [all, setAll] = useState(false);
  const { ruleSet, firstDoseAt } = state.session;
  // The rules that apply now come first; the rest of the version is one tap away.
  const now: VitalPhase = firstDoseAt ? 'in_session' : 'pre_dose';
  const phases: VitalPhase[] = all ? ['pre_dose', 'in_session'] : [now];
  const showLimits = all || !firstDoseAt;
  return (
    <Section
      id="safety-rules"
      title="Safety rules"
      aside={<Text fw={600} data-testid="rule-set-version">{`Version ${ruleSet.version}`}</Text>}
    >
      <Text size="sm">
        This session uses version {ruleSet.version} of the clinic’s safety rules (published{' '}
        {formatDateTime(ruleSet.publishedAt)}) from start to finish. Rules published later apply to sessions
        started after them.
      </Text>
      {phases.map((phase) => {
        const rules = state.rules.filter((r) => r.phase === phase);
        return rules.length ? (
          <Stack key={phase} gap="xs">
            <Title order={3} size="h5">
              {PHASE_INFO[phase].title}
            </Title>
            {rules.map((r) => (
              <RuleLine key={r.id} rule={r} />
            ))}
          </Stack>
        ) : null;
      })}
      {showLimits && state.doseLimits.length ? (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Dose limits for this route
          </Title>
          {state.doseLimits.map((l) => (
            <LimitLine key={l.id} limit={l} />
          ))}
        </Stack>
      ) : null}
      <Group>
        <Button variant="default" size="sm" onClick={() => setAll((x) => !x)} aria-expanded={all}>
          {all ? 'Show only the rules that apply now' : `Show every rule of version ${ruleSet.version}`}
        </Button>
      </Group>
    </Section>
  );
}
