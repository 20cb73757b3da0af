import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useChart } from '../patients/patient-query';
import { CourseSection } from './CourseSection';
import { chartUrl } from './course-query';

/**
 * The course on a page of its own (`/app/patients/:id/course`): the same section the chart shows, for a
 * tablet at the chair or a direct link.
 */
export default function CoursePage() {
  const { patientId = '' } = useParams();
  const chart = useChart(patientId);
  const p = chart.data?.patient;
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Anchor component={Link} to={chartUrl(patientId)} size="sm" w="fit-content">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Full chart
      </Anchor>
      <Group gap="md" align="baseline" wrap="wrap">
        <PageTitle mb={0}>{p ? `${p.firstName} ${p.lastName}` : 'Treatment course'}</PageTitle>
        {p ? (
          <Text ff="monospace" fw={600}>
            {p.chartNumber}
          </Text>
        ) : null}
      </Group>
      <ErrorAlert error={chart.error} title="Could not load the patient" />
      <CourseSection patientId={patientId} />
    </Stack>
  );
}
