import { Badge, Card, Group, List, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconBan, IconCircleCheck, IconClockExclamation } from '@tabler/icons-react';
import { screeningRuleLabel } from '../../../../domain/screening/labels';
import { NO_CLIP } from '../../../components/badges';
import { formatDateTime } from '../../../lib/format';
import { OutcomeBadge } from '../PatientBadges';
import type { Screening } from '../patient-query';

/** Every decision, newest first; a decision made on a record that has since changed is marked out of date. */
export function DecisionHistory({ history }: { history: Screening['history'] }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="dhistory-h">
      <Title order={2} size="h4" id="dhistory-h" mb="sm">
        Decision history
      </Title>
      {history.length === 0 ? (
        <Text c="dimmed">No decisions yet.</Text>
      ) : (
        <Timeline bulletSize={24} lineWidth={2} active={-1}>
          {history.map((d) => {
            const cleared = d.decision === 'cleared';
            const Icon = cleared ? IconCircleCheck : IconBan;
            return (
              <Timeline.Item
                key={d.id}
                bullet={<Icon size={14} aria-hidden="true" />}
                data-testid="decision-entry"
                title={
                  <Group gap="xs">
                    <Text fw={600}>{cleared ? 'Cleared' : 'Not cleared'}</Text>
                    {d.stale ? (
                      <Badge
                        color="yellow"
                        variant="light"
                        leftSection={<IconClockExclamation size={12} aria-hidden="true" />}
                        styles={NO_CLIP}
                      >
                        Out of date: the record changed since
                      </Badge>
                    ) : null}
                  </Group>
                }
              >
                <Stack gap={4}>
                  <Text size="sm" c="dimmed">
                    {d.decidedByName ?? 'A prescriber'} ·{' '}
                    <time dateTime={d.decidedAt}>{formatDateTime(d.decidedAt)}</time>
                  </Text>
                  <Group gap={6}>
                    <Text size="sm">Screening result then:</Text>
                    <OutcomeBadge outcome={d.outcome} size="md" />
                  </Group>
                  {d.overrides.length ? (
                    <List size="sm" spacing={2}>
                      {d.overrides.map((o) => (
                        <List.Item key={o.ruleId}>
                          <Text span fw={600} size="sm">
                            {screeningRuleLabel(o.ruleId)}
                          </Text>
                          : {o.reason}
                        </List.Item>
                      ))}
                    </List>
                  ) : null}
                  {d.note ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      Note: {d.note}
                    </Text>
                  ) : null}
                </Stack>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
