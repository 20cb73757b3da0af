import { Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePatientBilling } from './billing-query';
import { PaymentsPanel } from './PaymentsPanel';
import { VisitCharges } from './VisitCharges';

/** The chart's Billing tab: charges by visit (newest first), the balance and payments. */
export function PatientBillingSection({ patientId }: { patientId: string }) {
  const q = usePatientBilling(patientId);
  if (q.isPending) return <Loading label="Loading charges" />;
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the charges" />;
  const d = q.data;
  return (
    <Stack gap="md">
      <PaymentsPanel patientId={patientId} data={d} />
      <Text size="sm" c="dimmed">
        Diagnoses on the chart:{' '}
        {d.diagnoses.length ? d.diagnoses.map((x) => `${x.code} (${x.display})`).join('; ') : 'none yet'}
      </Text>
      {d.visits.length ? (
        d.visits.map((v) => (
          <VisitCharges
            key={v.id}
            patientId={patientId}
            visit={v}
            diagnoses={d.diagnoses}
            canWrite={d.canWrite}
          />
        ))
      ) : (
        <Text>No completed visits yet: charges are made once a visit is completed.</Text>
      )}
    </Stack>
  );
}
