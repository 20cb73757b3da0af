import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconStethoscope } from '@tabler/icons-react';
import { Link } from 'react-router';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import { AtHomeCoursePanel } from '../athome/AtHomeCoursePanel';
import { useAtHomeDosed } from '../athome/athome-query';
import { CourseActions } from './CourseActions';
import { type Course, isOpenSession, sessionUrl } from './course-query';
import { COURSE_STATUS, lookOf, routeLabel, SESSION_STATUS, SETTING_LABELS } from './labels';
import { NotesList } from './NotesList';
import { ReadinessGate } from './ReadinessGate';
import { SessionList } from './SessionList';

function Progress({ course, patientId }: { course: Course; patientId: string }) {
  const signed = (kind: string) =>
    course.notes.filter((n) => n.kind === kind && n.status === 'signed').length;
  // In-clinic sessions dosed, plus the doses taken at home on an at-home course.
  const atHome = useAtHomeDosed(patientId, course.id, course.setting === 'at_home');
  const dosed = course.sessions.filter((s) => s.firstDoseAt).length + atHome;
  const items = [
    ['Preparation', signed('preparation'), course.plannedPreparation, 'signed'],
    ['Dosing', dosed, course.plannedDosing, 'given'],
    ['Integration', signed('integration'), course.plannedIntegration, 'signed'],
  ] as const;
  return (
    <Group gap="lg" wrap="wrap" data-testid="course-progress">
      {items.map(([label, done, planned, word]) => (
        <Text key={label}>
          <Text span fw={600}>
            {label}:
          </Text>{' '}
          {done} of {planned} {word}
        </Text>
      ))}
    </Group>
  );
}

/** One course: what it is, where it stands, its notes, the readiness gate and its sessions. */
export function CourseCard({
  patientId,
  course,
  name,
}: {
  patientId: string;
  course: Course;
  name?: string;
}) {
  const me = useMe().data;
  const can = (p: string) => me?.permissions.includes(p) ?? false;
  const active = course.status === 'active';
  const openSession = course.sessions.find(isOpenSession);
  const headingId = `course-${course.id}`;

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      component="section"
      aria-labelledby={headingId}
      data-testid="course-card"
    >
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={6}>
            <Group gap="sm" wrap="wrap">
              <Title order={3} size="h4" id={headingId}>
                {name ?? routeLabel(course.route)}
              </Title>
              <StateBadge look={lookOf(COURSE_STATUS, course.status)} data-testid="course-status" />
            </Group>
            <Text c="dimmed">
              {routeLabel(course.route)} · {SETTING_LABELS[course.setting] ?? course.setting} · started{' '}
              {formatDate(course.createdAt)}
            </Text>
            <Group gap={6} wrap="wrap" aria-label="Indications">
              {course.indications.map((i) => (
                <Badge key={i} variant="outline" color="gray" size="lg" tt="none" fw={500}>
                  {i}
                </Badge>
              ))}
            </Group>
          </Stack>
          {active && can('clinical.write') ? <CourseActions patientId={patientId} course={course} /> : null}
        </Group>

        <Progress course={course} patientId={patientId} />
        {course.route === 'esketamine' ? (
          <Text data-testid="rems-enrolment">
            <Text span fw={600}>
              Esketamine REMS enrolment:
            </Text>{' '}
            {course.remsEnrolled ? 'recorded' : 'not recorded yet'}
          </Text>
        ) : null}

        {openSession ? (
          <Alert
            // A safety alert now (a hold, monitoring overdue) turns the notice red, in the board's words.
            color={openSession.safety.level === 'alert' ? 'red' : 'lagoon'}
            variant="light"
            icon={<IconStethoscope aria-hidden="true" />}
            title={`Dosing session ${openSession.number} is in progress`}
            data-testid="open-session"
          >
            <Group justify="space-between" wrap="wrap">
              <Stack gap={2}>
                <Text>{lookOf(SESSION_STATUS, openSession.status).label}.</Text>
                {openSession.safety.flags.map((f) => (
                  <Text key={f.kind} fw={700} c="var(--mantine-color-error)" data-flag={f.kind}>
                    {f.text}
                  </Text>
                ))}
              </Stack>
              <Button
                component={Link}
                to={sessionUrl(patientId, openSession.id)}
                rightSection={<IconArrowRight size={18} aria-hidden="true" />}
              >
                Open the session console
              </Button>
            </Group>
          </Alert>
        ) : null}

        <NotesList patientId={patientId} course={course} canWrite={active && can('clinical.write')} />
        {active && !openSession ? <ReadinessGate patientId={patientId} course={course} /> : null}
        <SessionList patientId={patientId} course={course} />
        {course.setting === 'at_home' ? (
          <AtHomeCoursePanel patientId={patientId} courseId={course.id} active={active} />
        ) : null}
      </Stack>
    </Paper>
  );
}
