import { Alert, Stack, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { ROLE_LABELS } from '../../lib/roles';
import { meKey, queryClient, useMe } from '../../lib/session';
import { CalendarFeedCard } from '../scheduling/CalendarFeedCard';
import { MfaSection } from './MfaSection';
import { PasswordSection } from './PasswordSection';

/** The signed-in person's own account: two-factor sign-in, password and (staff) calendar feed. */
export default function ProfilePage() {
  const me = useMe().data;
  const navigate = useNavigate();
  if (!me) return null;
  const enrolling = me.nextStep === 'enrol';

  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: meKey });
    if (enrolling) navigate('/app', { replace: true });
  };

  return (
    <Stack gap="lg" maw={720}>
      <div>
        <PageTitle mb={4}>Profile and security</PageTitle>
        <Text c="dimmed">
          {me.user.name} · {me.user.email} · {ROLE_LABELS[me.user.role] ?? me.user.role}
        </Text>
      </div>
      {enrolling ? (
        <Alert
          color="yellow"
          variant="light"
          title="Set up two-factor sign-in to continue"
          icon={<IconShieldLock aria-hidden="true" />}
          role="status"
        >
          Staff accounts need a second sign-in step before they can open patient records. It takes about a
          minute with an authenticator app on your phone.
        </Alert>
      ) : null}
      <MfaSection enabled={me.user.mfaEnabled} onDone={done} />
      {enrolling ? null : <PasswordSection email={me.user.email} />}
      {/* Staff who see the schedule can subscribe to their own visits (the feed API needs patients.read). */}
      {!enrolling && me.permissions.includes('patients.read') ? <CalendarFeedCard /> : null}
    </Stack>
  );
}
