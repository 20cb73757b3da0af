import { Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { publishRuleSetBody, type RuleSetView, ruleSetOverview } from '../../../../contracts/rules';
import { DOSE_ROUTE_LABELS, type DoseRoute, diffRuleSets, type RuleChange } from '../../../../domain/rules';
import { PHASE_INFO, VITAL_PHASES, type VitalPhase } from '../../../../domain/vitals';
import { ApiError, api } from '../../../app/api';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { notify } from '../../patients/notify';
import { focusFirstError } from '../../scheduling-admin/labels';
import { DoseLimitFields } from './DoseLimitFields';
import { asRuleSet, newLimit, newRule, type RuleSetValues, toBody, toFormErrors, toValues } from './form-values';
import { VitalRuleFields } from './VitalRuleFields';
import { rulesKey } from './rules-query';

const PHASE_HELP: Record<VitalPhase, string> = {
  pre_dose:
    'Checked on every reading before the dose. A hold stops the dose until a re-check passes or a prescriber overrides it with a reason.',
  in_session:
    'Checked on every reading after the dose. An alert tells the nurse to notify the prescriber; the console counts down to the re-check it asks for.',
  home_check_in:
    'For the home blood-pressure and pulse reading before a dose taken at home. Liminal does not run at-home sessions yet: these limits are kept with the clinic’s rules for when it does.',
};
const ROUTES = Object.keys(DOSE_ROUTE_LABELS) as DoseRoute[];
const validateBody = zodResolver(publishRuleSetBody);

const show = (x: unknown) => (x === null || x === undefined || x === '' ? '(none)' : typeof x === 'boolean' ? (x ? 'yes' : 'no') : Array.isArray(x) ? x.join(', ') : String(x));
const CHANGE_WORDS: Record<RuleChange['change'], string> = { added: 'New', removed: 'Removed', changed: 'Changed' };

function ChangeList({ changes }: { changes: RuleChange[] }) {
  return (
    <List spacing="xs" size="sm" data-testid="rule-changes">
      {changes.map((c) => (
        <List.Item key={`${c.section}-${c.id}`}>
          <Text span fw={600}>
            {CHANGE_WORDS[c.change]}:
          </Text>{' '}
          {c.summary}
          {c.fields.length ? (
            <List size="sm" withPadding>
              {c.fields.map((f) => (
                <List.Item key={f.field}>
                  {f.label}: {show(f.from)} → {show(f.to)}
                </List.Item>
              ))}
            </List>
          ) : null}
        </List.Item>
      ))}
    </List>
  );
}

/** The current version's rules, editable; publishing makes them the next version (after a summary to confirm). */
export function RuleSetForm({ current }: { current: RuleSetView }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<RuleSetValues>({
    initialValues: toValues(current),
    validate: (v) => toFormErrors(validateBody(toBody(v, current.version))),
  });
  const changes = useMemo(() => diffRuleSets(current, asRuleSet(form.values)), [current, form.values]);
  const publish = useMutation({
    mutationFn: (v: RuleSetValues) =>
      api.post('/api/admin/rule-sets', toBody(v, current.version), { schema: ruleSetOverview }),
    onSuccess: (saved) => {
      setConfirming(false);
      setUnplaced(null);
      queryClient.setQueryData(rulesKey, saved);
      notify({
        title: `Version ${saved.current.version} published`,
        message: 'Sessions started from now on use these rules. Sessions already started keep theirs.',
      });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 422) {
        setConfirming(false);
        setUnplaced(
          applyServerErrors(
            { getValues: form.getValues, setErrors: (e) => form.setErrors(toFormErrors(e)) },
            err,
          ),
        );
      }
    },
  });

  const section = (phase: VitalPhase) => {
    const indices = form.values.rules.flatMap((r, i) => (r.phase === phase ? [i] : []));
    return (
      <Card key={phase} withBorder radius="md" padding="md" component="section" aria-labelledby={`phase-${phase}`}>
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
              Add a rule {phase === 'in_session' ? 'during the session' : phase === 'pre_dose' ? 'before the dose' : 'for the home check-in'}
            </Button>
          </Group>
        </Stack>
      </Card>
    );
  };

  return (
    <form
      noValidate
      aria-label="Safety rules"
      onSubmit={form.onSubmit(() => setConfirming(true), focusFirstError)}
    >
      <Stack gap="lg">
        {VITAL_PHASES.map(section)}
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="dose-limits-h">
          <Stack gap="md">
            <Title order={2} size="h3" id="dose-limits-h">
              Dose limits per route
            </Title>
            <Text size="sm">
              Every dose order is checked against the limits of its route. A limit that refuses the order cannot be
              signed past; a warning needs the prescriber’s acknowledgement.
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
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="publish-h">
          <Stack gap="sm">
            <Title order={2} size="h3" id="publish-h">
              Publish
            </Title>
            {unplaced && unplaced.length ? <ErrorAlert error={publish.error} extra={unplaced} /> : null}
            {Object.keys(form.errors).length ? (
              <Text c="var(--mantine-color-error)" role="alert" data-testid="form-has-errors">
                Some fields need attention: they are marked above.
              </Text>
            ) : null}
            <Text size="sm" data-testid="pending-changes">
              {changes.length === 0
                ? `Nothing changed yet: version ${current.version} stays in use.`
                : `${changes.length} change${changes.length === 1 ? '' : 's'} to version ${current.version}. Publishing makes them version ${current.version + 1}: sessions started from then on use it; sessions already started keep the version they started with.`}
            </Text>
            <Textarea
              label="What changed and why (kept with the version and in the audit log)"
              autosize
              minRows={2}
              maxRows={6}
              {...form.getInputProps('note')}
            />
            <Group>
              <Button
                type="submit"
                leftSection={<IconSend size={18} aria-hidden="true" />}
                disabled={changes.length === 0}
              >
                Review and publish
              </Button>
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                Discard changes
              </Button>
            </Group>
          </Stack>
        </Card>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={`Publish version ${current.version + 1}?`}
        confirmLabel={`Publish version ${current.version + 1}`}
        loading={publish.isPending}
        error={publish.error && !(publish.error instanceof ApiError && publish.error.status === 422) ? publish.error : null}
        onConfirm={() => publish.mutate(form.getValues())}
        onClose={() => setConfirming(false)}
      >
        <Stack gap="sm">
          <Text>
            Sessions started from now on use these rules at once. Sessions already started keep version{' '}
            {current.version}. Earlier versions are kept unchanged.
          </Text>
          <ChangeList changes={changes} />
        </Stack>
      </ConfirmModal>
    </form>
  );
}
