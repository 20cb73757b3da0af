import { Group, List, Text } from '@mantine/core';
import { StateBadge } from '../../components/StateBadge';
import { MET, NOT_MET, OVERRIDDEN } from '../courses/labels';
import { Section } from './Section';
import type { ConsoleState } from './session-query';

/** The readiness gate as it stood when the session started, with any prescriber overrides and reasons. */
export function ReadinessSnapshot({ state }: { state: ConsoleState }) {
  const overridden = state.readiness.filter((i) => i.overrideReason);
  return (
    <Section
      id="readiness"
      title="Readiness at start"
      look={
        overridden.length
          ? { ...OVERRIDDEN, label: `${overridden.length} overridden` }
          : { ...MET, label: 'All met' }
      }
    >
      <List spacing="xs" listStyleType="none">
        {state.readiness.map((i) => (
          <List.Item key={i.id}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <StateBadge look={i.ok ? MET : i.overrideReason ? OVERRIDDEN : NOT_MET} size="md" />
              <div>
                <Text>{i.label}</Text>
                {i.overrideReason ? <Text size="sm">Override reason: {i.overrideReason}</Text> : null}
              </div>
            </Group>
          </List.Item>
        ))}
      </List>
    </Section>
  );
}
