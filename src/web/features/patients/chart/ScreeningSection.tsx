import { Alert, Anchor, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconBan, IconCircleCheck, IconClockExclamation, IconHelpCircle } from '@tabler/icons-react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { formatDate, formatDateTime } from '../../../lib/format';
import { missingLabel } from '../labels';
import { OutcomeBadge, ScreeningStatusBadge } from '../PatientBadges';
import { type Screening, useScreening } from '../patient-query';
import { DecisionForm } from './DecisionForm';
import { DecisionHistory } from './DecisionHistory';
import { BasisBadge, LEVEL, LevelBadge, type Reason } from './screening-badges';

/** One rule that fired: which rule, how strict, on what basis, why, what to do next, and the source. */
function ReasonCard({ reason: r }: { reason: Reason }) {
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="li"
      data-testid="screening-reason"
      data-rule={r.ruleId}
      style={{ borderLeft: `4px solid var(--mantine-color-${LEVEL[r.level].color}-filled)` }}
    >
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" align="flex-start">
          <Text fw={600} size="lg">
            {r.label}
          </Text>
          <Group gap={6}>
            <LevelBadge level={r.level} />
            <BasisBadge basis={r.basis} />
          </Group>
        </Group>
        <Text>{r.reason}</Text>
        <Text>
          <Text span fw={600}>
            Next:{' '}
          </Text>
          {r.next}
        </Text>
        <Text size="sm" c="dimmed">
          Source: {r.source}
        </Text>
      </Stack>
    </Card>
  );
}

function Summary({ s }: { s: Screening }) {
  const current = s.current;
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        {/* Where screening stands (the same status as the chart's header), then what the rules found. */}
        <Group gap="sm">
          <ScreeningStatusBadge status={s.status} size="xl" testId="screening-summary-status" />
          <Text size="sm">
            Rules’ result: <OutcomeBadge outcome={s.evaluation.outcome} size="md" />
          </Text>
          <Text size="sm" c="dimmed">
            evaluated on {formatDate(s.evaluatedOn)}
          </Text>
        </Group>
        {s.cleared && current ? (
          <Group gap={6} wrap="nowrap">
            <IconCircleCheck size={20} aria-hidden="true" color="var(--mantine-color-green-text)" />
            <Text>
              <strong>Cleared</strong> by {current.decidedByName ?? 'a prescriber'} on{' '}
              {formatDateTime(current.decidedAt)}.
            </Text>
          </Group>
        ) : current?.stale ? (
          <Group gap={6} wrap="nowrap">
            <IconClockExclamation size={20} aria-hidden="true" color="var(--mantine-color-yellow-text)" />
            <Text>
              <strong>Decision out of date:</strong> the record changed after{' '}
              {current.decidedByName ?? 'the prescriber'}
              ’s decision of {formatDateTime(current.decidedAt)}. A prescriber must review it again.
            </Text>
          </Group>
        ) : current ? (
          <Group gap={6} wrap="nowrap">
            <IconBan size={20} aria-hidden="true" color="var(--mantine-color-red-text)" />
            <Text>
              <strong>Not cleared</strong> by {current.decidedByName ?? 'a prescriber'} on{' '}
              {formatDateTime(current.decidedAt)}.
            </Text>
          </Group>
        ) : (
          <Group gap={6} wrap="nowrap">
            <IconHelpCircle size={20} aria-hidden="true" color="var(--mantine-color-yellow-text)" />
            <Text>
              No prescriber decision yet. Dosing cannot be planned until a prescriber clears the screen.
            </Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface Props {
  patientId: string;
  canDecide: boolean;
  onOpenIntake: () => void;
}

/** Eligibility screening: the rules that fired, what is missing, the decision and its history. */
export function ScreeningSection({ patientId, canDecide, onOpenIntake }: Props) {
  const screening = useScreening(patientId, true);
  if (screening.isPending) return <Loading label="Loading the screening" />;
  if (screening.error) return <ErrorAlert error={screening.error} title="Could not load the screening" />;
  const s = screening.data;
  const { reasons, missing } = s.evaluation;
  const order = { absolute: 0, relative: 1, interaction: 2 } as const;
  const sorted = [...reasons].sort((a, b) => order[a.level] - order[b.level]);

  return (
    <Stack gap="lg">
      <Summary s={s} />
      {missing.length ? (
        <Alert
          color="yellow"
          variant="light"
          title="Missing from the record"
          icon={<IconHelpCircle aria-hidden="true" />}
          data-testid="screening-missing"
        >
          <Text size="sm" mb={6}>
            The rules need these answers. Until they are recorded the result is &ldquo;needs review&rdquo; and
            the patient cannot be cleared.
          </Text>
          <List size="sm">
            {missing.map((m) => (
              <List.Item key={m}>{missingLabel(m)}</List.Item>
            ))}
          </List>
          <Anchor
            component="button"
            type="button"
            onClick={onOpenIntake}
            mt={6}
            size="sm"
            c="inherit"
            fw={600}
            underline="always"
          >
            Record them in Intake
          </Anchor>
        </Alert>
      ) : null}
      <Stack gap="sm" component="section" aria-labelledby="reasons-h">
        <Title order={2} size="h4" id="reasons-h">
          Rules that apply ({reasons.length})
        </Title>
        {reasons.length === 0 ? (
          <Text>No contraindication or interacting medicine applies on the recorded answers.</Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {sorted.map((r) => (
              <ReasonCard key={r.ruleId} reason={r} />
            ))}
          </Stack>
        )}
      </Stack>
      {canDecide ? <DecisionForm patientId={patientId} screening={s} /> : null}
      <DecisionHistory history={s.history} />
    </Stack>
  );
}
