import { Anchor, Card, Group, Text } from '@mantine/core';
import { IconNotes } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../lib/session';
import { useNotesTodo } from './visit-note-query';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** On Today, for clinicians who keep a list of notes (therapists): how many to write and sign, and the way there. */
export function NotesDueCard() {
  const me = useMe().data;
  const can = me?.permissions.includes('notes.todo') ?? false;
  const q = useNotesTodo({ limit: 1 }, can);
  if (!can) return null;
  const total = (key: string) => q.data?.sections.find((s) => s.key === key)?.total ?? 0;
  const write = total('to_write');
  const sign = total('drafts');
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="notes-due-h"
      data-testid="notes-due"
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap">
          <IconNotes size={22} aria-hidden="true" />
          <Text fw={700} id="notes-due-h">
            Your notes
          </Text>
          <Text>
            {q.data
              ? write + sign
                ? `${plural(write, 'visit', 'visits')} to write up · ${plural(sign, 'draft', 'drafts')} to sign`
                : 'All written and signed.'
              : q.error
                ? 'Could not count them.'
                : 'Counting…'}
          </Text>
        </Group>
        <Anchor component={Link} to="/app/notes" underline="always" c="inherit">
          Open my notes
        </Anchor>
      </Group>
    </Card>
  );
}
