import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconRoute } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useMe } from '../../lib/session';
import { CourseCard } from './CourseCard';
import { useCourses, useTemplates } from './course-query';
import { StartCourseForm } from './StartCourseForm';

/**
 * The patient chart's course section (issue #5): the open course with its preparation and integration
 * notes, the readiness gate before a dosing session, and the sessions so far; earlier courses below.
 * Self-contained: the chart mounts it with the patient's id.
 */
export function CourseSection({ patientId }: { patientId: string }) {
  const me = useMe().data;
  const courses = useCourses(patientId);
  const templates = useTemplates();
  const [starting, setStarting] = useState(false);
  const can = (p: string) => me?.permissions.includes(p) ?? false;

  if (courses.isPending) return <Loading label="Loading the treatment course" />;
  if (courses.error) return <ErrorAlert error={courses.error} title="Could not load the treatment course" />;
  const list = courses.data.courses;
  const open = list.find((c) => c.status === 'active' || c.status === 'planned');
  const past = list.filter((c) => c !== open);
  const names = new Map((templates.data?.templates ?? []).map((t) => [t.key, t.name]));

  return (
    <Stack gap="lg" data-testid="course-section">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            Treatment course
          </Title>
          <Text c="dimmed" size="sm" maw={640}>
            Preparation, dosing sessions and integration. A dosing session starts only when the readiness gate
            is met (or a prescriber overrides an item with a reason).
          </Text>
        </div>
        {!open && !starting && can('clinical.write') ? (
          <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setStarting(true)}>
            Start a course
          </Button>
        ) : null}
      </Group>

      {starting ? <StartCourseForm patientId={patientId} onClose={() => setStarting(false)} /> : null}

      {!open && !starting ? (
        <Alert color="gray" variant="light" icon={<IconRoute aria-hidden="true" />}>
          No open course.{' '}
          {can('clinical.write')
            ? 'Start one from a template to plan preparation, dosing and integration.'
            : 'A clinician starts one from a template.'}
        </Alert>
      ) : null}

      {open ? <CourseCard patientId={patientId} course={open} name={names.get(open.templateKey)} /> : null}

      {past.length ? (
        <Stack gap="md">
          <Title order={3} size="h4">
            Earlier courses
          </Title>
          {past.map((c) => (
            <CourseCard key={c.id} patientId={patientId} course={c} name={names.get(c.templateKey)} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

export default CourseSection;
