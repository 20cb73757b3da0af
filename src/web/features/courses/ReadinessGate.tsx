import { Anchor, Button, Checkbox, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArrowRight, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { api, isApiError } from '../../lib/api';
import { useMe } from '../../lib/session';
import {
  type Course,
  coursePath,
  coursesKey,
  fixLink,
  type ReadinessItem,
  readinessKey,
  sessionUrl,
  useReadiness,
} from './course-query';
import { MET, NOT_MET, OVERRIDDEN } from './labels';

const started = z.object({ id: z.string() });

const FIX_WORDS: Record<string, string> = {
  screening: 'Fix this in the chart: screening',
  consent: 'Fix this in the chart: consent',
  course: 'Fix this in the course',
  measures: 'Fix this in the chart: measures',
  'care-team': 'Fix this in the chart: care team',
};
const fixWords = (fixPath: string) => FIX_WORDS[fixPath.split('#')[1] ?? ''] ?? 'Fix this';

function ItemRow(props: {
  item: ReadinessItem;
  canOverride: boolean;
  reason: string | undefined;
  error: string | undefined;
  onReason: (reason: string | undefined) => void;
}) {
  const { item, canOverride, reason, error, onReason } = props;
  const overriding = reason !== undefined;
  const look = item.ok ? MET : overriding ? OVERRIDDEN : NOT_MET;
  return (
    <List.Item
      data-testid="readiness-item"
      data-ok={item.ok}
      icon={<look.Icon size={22} aria-hidden="true" />}
    >
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Text fw={600}>{item.label}</Text>
          <StateBadge look={look} size="md" />
        </Group>
        <Text size="sm">{item.detail}</Text>
        {!item.ok ? (
          <Anchor component={Link} to={fixLink(item.fixPath)} size="sm" w="fit-content">
            {fixWords(item.fixPath)}
          </Anchor>
        ) : null}
        {!item.ok && item.overridable && canOverride ? (
          <Checkbox
            size="md"
            mt={4}
            label="Override this item with a reason (prescriber)"
            checked={overriding}
            onChange={(e) => onReason(e.currentTarget.checked ? '' : undefined)}
          />
        ) : null}
        {overriding ? (
          <Textarea
            label={`Reason for overriding “${item.label}”`}
            autosize
            minRows={2}
            required
            value={reason}
            error={error}
            onChange={(e) => onReason(e.currentTarget.value)}
          />
        ) : error ? (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </List.Item>
  );
}

/**
 * The readiness gate (DOMAIN §1 step 3): every item with its state, what is wrong and where it is fixed;
 * "Start dosing session" when all are met, or when a prescriber overrides the overridable ones with reasons.
 */
export function ReadinessGate({ patientId, course }: { patientId: string; course: Course }) {
  const me = useMe().data;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const readiness = useReadiness(patientId, course.id, true);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const canRun = me?.permissions.includes('session.run') ?? false;
  const canOverride = me?.permissions.includes('orders.sign') ?? false;

  const start = useMutation({
    mutationFn: () =>
      api.post(
        `${coursePath(patientId, course.id)}/sessions`,
        { overrides: Object.entries(reasons).map(([itemId, reason]) => ({ itemId, reason: reason.trim() })) },
        { schema: started },
      ),
    onSuccess: async ({ id }) => {
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
      navigate(sessionUrl(patientId, id));
    },
    onError: () => void qc.invalidateQueries({ queryKey: readinessKey(patientId, course.id) }),
  });

  if (readiness.isPending) return <Loading label="Checking readiness" />;
  if (readiness.error) return <ErrorAlert error={readiness.error} title="Could not check readiness" />;
  const items = readiness.data.items;
  const failing = items.filter((i) => !i.ok);
  const errors = new Map<string, string>();
  if (isApiError(start.error)) {
    for (const f of start.error.fieldErrors) errors.set(f.field.replace(/^overrides\./, ''), f.message);
  }
  const missingReason = failing.some((i) => !reasons[i.id]?.trim());
  const blocked = failing.some((i) => !(i.overridable && canOverride));
  const existingSession = isApiError(start.error) ? start.error.body.sessionId : undefined;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`ready-${course.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4} size="h5" id={`ready-${course.id}`}>
            Readiness for the next dosing session
          </Title>
          <Group gap="sm">
            <StateBadge
              look={readiness.data.ready ? { ...MET, label: 'Ready' } : { ...NOT_MET, label: 'Not ready' }}
              data-testid="readiness-state"
            />
            <Button
              variant="subtle"
              leftSection={<IconRefresh size={18} aria-hidden="true" />}
              onClick={() => void readiness.refetch()}
              loading={readiness.isFetching}
            >
              Check again
            </Button>
          </Group>
        </Group>
        <List spacing="md" listStyleType="none" center={false} aria-label="Readiness checklist">
          {items.map((item) => (
            <ItemRow
              key={item.id}
              item={item}
              canOverride={canOverride}
              reason={reasons[item.id]}
              error={errors.get(item.id)}
              onReason={(r) =>
                setReasons((prev) => {
                  const next = { ...prev };
                  if (r === undefined) delete next[item.id];
                  else next[item.id] = r;
                  return next;
                })
              }
            />
          ))}
        </List>
        {start.error && errors.size === 0 ? <ErrorAlert error={start.error} /> : null}
        {typeof existingSession === 'string' ? (
          <Anchor component={Link} to={sessionUrl(patientId, existingSession)}>
            Open the session in progress
          </Anchor>
        ) : null}
        {canRun ? (
          <Group>
            <Button
              size="lg"
              leftSection={<IconPlayerPlay size={20} aria-hidden="true" />}
              rightSection={<IconArrowRight size={20} aria-hidden="true" />}
              disabled={failing.length > 0 && (blocked || missingReason)}
              loading={start.isPending}
              onClick={() => start.mutate()}
            >
              {course.setting === 'at_home' ? 'Start an in-clinic dosing session' : 'Start dosing session'}
            </Button>
            {failing.length > 0 && blocked ? (
              <Text size="sm" c="dimmed" maw={420}>
                Fix the items marked “Not met” first
                {canOverride ? '.' : ', or ask a prescriber to override the ones clinic settings allow.'}
              </Text>
            ) : null}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            A nurse or prescriber starts the dosing session from here.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
