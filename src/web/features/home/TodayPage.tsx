import { Stack, Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';
import { Part } from '../../components/Part';
import { ROLE_LABELS } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { AtHomeEscalations, RemoteBoard } from '../athome/AtHomeToday';
import { BillingTodayCard } from '../billing/BillingTodayCard';
import { NotesDueCard } from '../courses/NotesDueCard';
import { SafetyTasksPanel } from '../measures/SafetyTasksPanel';
import { WorklistPanel } from '../measures/WorklistPanel';
import { TodayVisitsPanel } from '../scheduling/TodayVisitsPanel';
import { ActiveSessionsBoard } from '../sessions/ActiveSessionsBoard';
import { CareTasksPanel } from '../tasks/CareTasksPanel';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** Staff home. The worklist fills in as the clinical features arrive (UX.md: "the worklist is home"). */
export default function TodayPage() {
  const me = useMe().data;
  if (!me) return null;
  // Clinicians see the board of sessions in progress (issue #5); everyone with patient access sees today's visits.
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
      {/* Each panel is a part of its own: the browser takes the server's HTML over panel by panel. */}
      {/* Issue #4: urgent safety tasks on top (UX.md principle 1), then the worklist from GET /api/worklist. */}
      <Part>
        <AtHomeEscalations />
      </Part>
      <Part>
        <SafetyTasksPanel />
      </Part>
      {/* Issue #17: care tasks between sessions, urgent ones in red, closed only with a documented follow-up. */}
      <Part>
        <CareTasksPanel />
      </Part>
      {board ? (
        <Part>
          <ActiveSessionsBoard />
        </Part>
      ) : null}
      <Part>
        <RemoteBoard />
      </Part>
      <Part>
        <TodayVisitsPanel />
      </Part>
      <Part>
        <NotesDueCard />
      </Part>
      <Part>
        <WorklistPanel />
      </Part>
      <Part>
        <BillingTodayCard />
      </Part>
    </Stack>
  );
}
