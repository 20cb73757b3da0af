import { Badge, Button, Card, Group, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { type FormErrors, useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { publishRuleSetBody, type RuleSetView, ruleSetOverview } from '../../../../contracts/rules';
import { diffRuleSets } from '../../../../domain/rules';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { ApiError, api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { ChangeList } from './ChangeList';
import { asRuleSet, type RuleSetValues, toBody, toFormErrors, toValues } from './form-values';
import { rulesKey } from './rules-query';
import { DoseLimitsSection, PhaseSection } from './Sections';

type Tab = 'clinic' | 'home' | 'limits';
const TABS: { value: Tab; label: string }[] = [
  { value: 'clinic', label: 'Vital signs in clinic' },
  { value: 'home', label: 'At-home check-in' },
  { value: 'limits', label: 'Dose limits' },
];

/** Which tab holds the field an error key names (`rules.3.value`, `doseLimits.0.source`). */
function tabOf(key: string, values: RuleSetValues): Tab | null {
  const rule = /^rules\.(\d+)/.exec(key);
  if (rule) return values.rules[Number(rule[1])]?.phase === 'home_check_in' ? 'home' : 'clinic';
  return key.startsWith('doseLimits') ? 'limits' : null;
}

function errorCounts(errors: FormErrors, values: RuleSetValues): Record<Tab, number> {
  const counts: Record<Tab, number> = { clinic: 0, home: 0, limits: 0 };
  for (const key of Object.keys(errors)) {
    const tab = tabOf(key, values);
    if (tab) counts[tab] += 1;
  }
  return counts;
}

const validateBody = zodResolver(publishRuleSetBody);

/** The current version's rules, editable; publishing makes them the next version (after a summary to confirm). */
export function RuleSetForm({ current }: { current: RuleSetView }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [tab, setTab] = useState<Tab>('clinic');
  const form = useForm<RuleSetValues>({
    initialValues: toValues(current),
    validate: (v) => toFormErrors(validateBody(toBody(v, current.version))),
  });
  const changes = useMemo(() => diffRuleSets(current, asRuleSet(form.values)), [current, form.values]);
  /** A failed check shows the first tab with an error and moves focus to its first marked field. */
  const showErrors = (errors: FormErrors) => {
    const first = Object.keys(errors)
      .map((k) => tabOf(k, form.getValues()))
      .find(Boolean);
    if (first) setTab(first);
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('form[aria-label="Safety rules"] [aria-invalid="true"]')?.focus(),
      ),
    );
  };
  const counts = errorCounts(form.errors, form.values);
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
            {
              getValues: form.getValues,
              setErrors: (e) => {
                form.setErrors(toFormErrors(e));
                showErrors(e);
              },
            },
            err,
          ),
        );
      }
    },
  });

  return (
    <form
      noValidate
      aria-label="Safety rules"
      onSubmit={form.onSubmit(() => setConfirming(true), showErrors)}
    >
      <Stack gap="lg">
        <Tabs value={tab} onChange={(v) => setTab((v as Tab) ?? 'clinic')} keepMounted={false}>
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value} fz="md">
                {t.label}
                {counts[t.value] ? (
                  <Badge
                    ml="xs"
                    color="red.9"
                    variant="filled"
                    size="sm"
                    data-testid={`tab-errors-${t.value}`}
                  >
                    {counts[t.value]} to fix
                  </Badge>
                ) : null}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="clinic" pt="md">
            <Stack gap="lg">
              <PhaseSection form={form} phase="pre_dose" />
              <PhaseSection form={form} phase="in_session" />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="home" pt="md">
            <PhaseSection form={form} phase="home_check_in" />
          </Tabs.Panel>
          <Tabs.Panel value="limits" pt="md">
            <DoseLimitsSection form={form} />
          </Tabs.Panel>
        </Tabs>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="publish-h">
          <Stack gap="sm">
            <Title order={2} size="h3" id="publish-h">
              Publish
            </Title>
            {unplaced?.length ? <ErrorAlert error={publish.error} extra={unplaced} /> : null}
            {Object.keys(form.errors).length ? (
              <Text c="var(--mantine-color-error)" role="alert" data-testid="form-has-errors">
                Some fields need attention: they are marked above (a tab with a field to fix says so).
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
        error={
          publish.error && !(publish.error instanceof ApiError && publish.error.status === 422)
            ? publish.error
            : null
        }
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
