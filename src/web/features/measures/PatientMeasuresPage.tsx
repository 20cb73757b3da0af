import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useChart } from '../patients/patient-query';
import { MeasuresSection } from './MeasuresSection';

/**
 * One patient's measures on a page of their own (`/app/patients/:patientId/measures`): the same section the
 * chart shows on its Measures tab, with room for the trends on a wide screen.
 */
export default function PatientMeasuresPage() {
  const id = useParams().patientId ?? '';
  const chart = useChart(id);
  if (chart.isPending) return <Loading label="Loading the patient" />;
  if (chart.error) return <ErrorAlert error={chart.error} title="Could not open the patient" />;
  const p = chart.data.patient;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/app/patients/${encodeURIComponent(id)}`} size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Chart
      </Anchor>
      <Stack gap={4}>
        <PageTitle mb={0}>{`${p.firstName} ${p.lastName} — measures`}</PageTitle>
        <Group gap="md">
          <Text ff="monospace" fw={600}>
            {p.chartNumber}
          </Text>
          {p.preferredName ? <Text>Prefers “{p.preferredName}”</Text> : null}
        </Group>
      </Stack>
      <MeasuresSection patientId={id} />
    </Stack>
  );
}
