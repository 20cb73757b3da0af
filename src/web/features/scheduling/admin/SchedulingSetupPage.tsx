import { Stack, Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { PolicyTab } from './PolicyTab';
import { SitesTab } from './SitesTab';
import { StaffHoursTab } from './StaffHoursTab';
import { VisitTypesTab } from './VisitTypesTab';

const TABS = [
  { value: 'sites', label: 'Sites and rooms', render: () => <SitesTab /> },
  { value: 'types', label: 'Visit types', render: () => <VisitTypesTab /> },
  { value: 'policy', label: 'Reminders and policy', render: () => <PolicyTab /> },
  { value: 'staff', label: 'Staff hours', render: () => <StaffHoursTab /> },
] as const;

/**
 * Scheduling set-up (admin, issue #9): sites and rooms, visit types, the reminder and cancellation policy,
 * and clinicians' working hours. The open tab is in the address (`?tab=`), so a link can point at one.
 */
export default function SchedulingSetupPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active = TABS.some((t) => t.value === requested) ? (requested as string) : 'sites';
  return (
    <Stack gap="lg">
      <div>
        <PageTitle mb={4}>Scheduling setup</PageTitle>
        <Text c="dimmed" maw={720}>
          Where and how the clinic books visits. Every change here is recorded in the audit log and applies to
          visits booked from now on.
        </Text>
      </div>
      {/* Panels stay mounted, so switching tabs never throws away something half typed. */}
      <Tabs value={active} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted>
        <Tabs.List aria-label="Parts of scheduling setup">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="lg">
            {t.render()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
