import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { DOSE_ROUTE_LABELS, type DoseRoute } from '../../../../domain/rules';
import { PHASE_INFO, type VitalPhase } from '../../../../domain/vitals';
import { DoseLimitFields } from './DoseLimitFields';
import { newLimit, newRule, type RuleSetValues } from './form-values';
import { VitalRuleFields } from './VitalRuleFields';

type Form = UseFormReturnType<RuleSetValues>;

const PHASE_HELP: Record<VitalPhase, string> = {
  pre_dose:
    'Checked on every reading before the dose. A hold stops the dose until a re-check passes or a prescriber overrides it with a reason.',
  in_session:
    'Checked on every reading after the dose. An alert tells the nurse to notify the prescriber; the console counts down to the re-check it asks for.',
  home_check_in:
    'For the home blood-pressure and pulse reading before a dose taken at home. The at-home program’s other settings (check-ins, grace minutes, who is on call) are under At-home program.',
};
const ADD_WORDS: Record<VitalPhase, string> = {
  pre_dose: 'Add a rule before the dose',
  in_session: 'Add a rule during the session',
  home_check_in: 'Add a rule for the home check-in',
};
const ROUTES = Object.keys(DOSE_ROUTE_LABELS) as DoseRoute[];

/** The vital-sign rules of one phase (before the dose, during the session, at-home check-in). */
export function PhaseSection({ form, phase }: { form: Form; phase: VitalPhase }) {
  const indices = form.values.rules.flatMap((r, i) => (r.phase === phase ? [i] : []));
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={`phase-${phase}`}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={`phase-${phase}`}>
          {PHASE_INFO[phase].title}
        </Title>
        <Text size="sm">{PHASE_HELP[phase]}</Text>
        {indices.length === 0 ? <Text size="sm">No rules: nothing is checked here.</Text> : null}
        {indices.map((i) => (
          <VitalRuleFields
            key={form.values.rules[i]?.id ?? i}
            form={form}
            index={i}
            onRemove={() => form.removeListItem('rules', i)}
          />
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={18} aria-hidden="true" />}
            onClick={() => form.insertListItem('rules', newRule(phase))}
          >
            {ADD_WORDS[phase]}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Every route's dose limits. */
export function DoseLimitsSection({ form }: { form: Form }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="dose-limits-h">
      <Stack gap="md">
        <Title order={2} size="h3" id="dose-limits-h">
          Dose limits per route
        </Title>
        <Text size="sm">
          Every dose order is checked against the limits of its route. A limit that refuses the order cannot
          be signed past; otherwise the prescriber acknowledges the warning.
        </Text>
        {ROUTES.map((route) => {
          const indices = form.values.doseLimits.flatMap((l, i) => (l.route === route ? [i] : []));
          return (
            <Stack key={route} gap="sm" data-testid={`route-${route}`}>
              <Title order={3} size="h4">
                {DOSE_ROUTE_LABELS[route]}
              </Title>
              {indices.length === 0 ? <Text size="sm">No limits for this route.</Text> : null}
              {indices.map((i) => (
                <DoseLimitFields
                  key={form.values.doseLimits[i]?.id ?? i}
                  form={form}
                  index={i}
                  onRemove={() => form.removeListItem('doseLimits', i)}
                />
              ))}
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconPlus size={18} aria-hidden="true" />}
                  onClick={() => form.insertListItem('doseLimits', newLimit(route))}
                >
                  Add a limit: {DOSE_ROUTE_LABELS[route]}
                </Button>
              </Group>
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}
