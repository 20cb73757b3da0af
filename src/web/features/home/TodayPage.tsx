import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCalendarEvent, IconClipboardCheck, IconNotes } from '@tabler/icons-react';
import { ROLE_LABELS } from '../../app/nav';
import { useMe } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';
import { SafetyTasksPanel } from '../measures/SafetyTasksPanel';
import { WorklistPanel } from '../measures/WorklistPanel';
import { ActiveSessionsBoard } from '../sessions/ActiveSessionsBoard';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

const SECTIONS = [
  { title: 'Safety tasks', icon: IconAlertTriangle, text: 'Urgent follow-ups will appear here first.' },
  { title: 'Sessions', icon: IconCalendarEvent, text: "Today's sessions in progress and upcoming." },
  { title: 'Measures due', icon: IconClipboardCheck, text: 'Questionnaires waiting for patients.' },
  { title: 'Notes to sign', icon: IconNotes, text: 'Drafts and notes awaiting a signature.' },
];

/** Staff home. The worklist fills in as the clinical features arrive (UX.md: "the worklist is home"). */
export default function TodayPage() {
  const me = useMe().data;
  if (!me) return null;
  // Clinicians see the board of sessions in progress (issue #5) in place of the "Sessions" placeholder.
  const board = me.permissions.includes('clinical.read');
  const today = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(),
  );
  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Today</PageTitle>
        <Text size="lg">
          {greeting(new Date().getHours())}, {me.user.name}.{' '}
          <Text span c="dimmed">
            Signed in as {ROLE_LABELS[me.user.role] ?? me.user.role} · {today}
          </Text>
        </Text>
      </div>
      {/* Issue #4: urgent safety tasks on top (UX.md principle 1), then the worklist from GET /api/worklist. */}
      <SafetyTasksPanel />
      {board ? <ActiveSessionsBoard /> : null}
      <WorklistPanel />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {SECTIONS.filter(
          (s) => !(board && s.title === 'Sessions') && !me.permissions.includes('worklist.read'),
        ).map((s) => (
          <Card key={s.title} withBorder radius="md" padding="lg" component="section" aria-label={s.title}>
            <Group gap="sm" mb="xs">
              <ThemeIcon variant="light" size="lg" radius="md" aria-hidden="true">
                <s.icon size={20} />
              </ThemeIcon>
              <Text fw={600} component="h2" size="lg" m={0}>
                {s.title}
              </Text>
            </Group>
            <Text c="dimmed">{s.text}</Text>
            <Text size="sm" mt="sm">
              Nothing here yet.
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
