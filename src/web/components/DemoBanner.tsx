import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { usePublicInfo } from '../app/session';

/** Shown on every page while the server runs in demo mode (SECURITY.md S10: MFA relaxed, fictional data). */
export function DemoBanner() {
  const info = usePublicInfo();
  if (!info.data?.demoMode) return null;
  return (
    <Alert
      role="note"
      aria-label="Demo mode"
      color="yellow"
      variant="light"
      radius={0}
      icon={<IconAlertTriangle aria-hidden="true" />}
      data-testid="demo-banner"
      styles={{ message: { fontWeight: 500 } }}
    >
      Demo mode — two-factor sign-in is relaxed and the data is fictional. Do not enter real patient
      information.
    </Alert>
  );
}
