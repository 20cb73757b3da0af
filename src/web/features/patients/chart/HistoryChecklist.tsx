import { Badge, Button, Fieldset, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconHelpCircle } from '@tabler/icons-react';
import { HISTORY_KEYS } from '../../../../domain/screening/types';
import { NO_CLIP } from '../../../components/badges';
import { HISTORY_GROUPS, HISTORY_LABELS } from '../labels';
import type { IntakeValues } from './intake';

/**
 * The history checklist. Each item is answered yes or no; an unanswered item is "missing" for the screening
 * (it is never read as "no"), and says so.
 */
export function HistoryChecklist({ form }: { form: UseFormReturnType<IntakeValues> }) {
  const history = form.getValues().history;
  const unanswered = HISTORY_KEYS.filter((k) => !history[k]);
  const allNo = () => {
    for (const k of unanswered) form.setFieldValue(`history.${k}`, 'no');
  };
  return (
    <Fieldset legend="Medical and psychiatric history" radius="md">
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {unanswered.length === 0
              ? 'Every item is answered.'
              : `${unanswered.length} of ${HISTORY_KEYS.length} not answered yet: the screening treats them as missing, never as "no".`}
          </Text>
          {unanswered.length > 0 ? (
            <Button size="sm" variant="default" onClick={allNo}>
              Answer the rest “No”
            </Button>
          ) : null}
        </Group>
        {HISTORY_GROUPS.map((g) => (
          <Stack key={g.title} gap={6}>
            <Text fw={600} size="sm">
              {g.title}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing={6} verticalSpacing={6}>
              {g.keys.map((k) => (
                <Radio.Group
                  key={k}
                  label={HISTORY_LABELS[k]}
                  value={history[k]}
                  onChange={(v) => form.setFieldValue(`history.${k}`, v as 'yes' | 'no')}
                  error={form.errors[`history.${k}`]}
                  data-testid={`history-${k}`}
                  styles={{ label: { fontWeight: 400 } }}
                >
                  <Group gap="lg" mt={4} wrap="nowrap">
                    <Radio value="no" label="No" />
                    <Radio value="yes" label="Yes" />
                    {history[k] ? null : (
                      <Badge
                        variant="light"
                        color="yellow"
                        leftSection={<IconHelpCircle size={12} aria-hidden="true" />}
                        styles={NO_CLIP}
                      >
                        Not asked
                      </Badge>
                    )}
                  </Group>
                </Radio.Group>
              ))}
            </SimpleGrid>
          </Stack>
        ))}
      </Stack>
    </Fieldset>
  );
}
