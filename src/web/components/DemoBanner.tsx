import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { usePublicInfo } from '../lib/session';

/**
 * Shown on every page while the server runs in demo mode (SECURITY.md S10: MFA relaxed, fictional data). On a
 * phone it is one slim line, so that a patient's page (a questionnaire item and its Next button) still fits
 * the screen under it and the crisis line (issue #14 §4).
 */
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
      className="demo-banner"
      styles={{ message: { fontWeight: 500 } }}
    >
      <Text span inherit visibleFrom="xs">
        Demo mode — two-factor sign-in is relaxed and the data is fictional. Do not enter real patient
        information.
      </Text>
      <Text span inherit hiddenFrom="xs">
        Demo: fictional data. Enter no real patient information.
      </Text>
    </Alert>
  );
}
