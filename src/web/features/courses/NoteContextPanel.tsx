import { Paper, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../lib/format';
import { type Note, useCourses } from './course-query';

function Block({ title, text, when }: { title: string; text: string | null; when?: string }) {
  return (
    <Stack gap={4}>
      <Title order={2} size="h5">
        {title}
      </Title>
      {text ? (
        <>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Text>
          {when ? (
            <Text size="sm" c="dimmed">
              {when}
            </Text>
          ) : null}
        </>
      ) : (
        <Text c="dimmed">Nothing recorded yet.</Text>
      )}
    </Stack>
  );
}

/** Beside the editor: the patient's intentions and the last session's themes (UX.md "the therapist"). */
export function NoteContextPanel({ patientId, note }: { patientId: string; note: Note }) {
  const courses = useCourses(patientId);
  const course = courses.data?.courses.find((c) => c.id === note.courseId);
  const others = (course?.notes ?? []).filter((n) => n.id !== note.id);
  const latestWith = (kind: string, field: 'intentions' | 'themes') =>
    [...others].reverse().find((n) => n.kind === kind && n.content[field].trim());
  const intentions = latestWith('preparation', 'intentions');
  const themes = latestWith('integration', 'themes');
  const sessionNo = (id: string | null) => course?.sessions.find((s) => s.id === id)?.number;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="aside"
      aria-label="About this patient"
      bg="var(--mantine-color-default-hover)"
    >
      <Stack gap="lg">
        {course ? (
          <Stack gap={4}>
            <Title order={2} size="h5">
              Indications
            </Title>
            <Text>{course.indications.join(', ')}</Text>
          </Stack>
        ) : null}
        <Block
          title="The patient’s intentions"
          text={intentions?.content.intentions ?? null}
          when={intentions ? `Preparation, ${formatDate(intentions.sessionDate)}` : undefined}
        />
        <Block
          title="Last session’s themes"
          text={themes?.content.themes ?? null}
          when={
            themes
              ? `Integration${sessionNo(themes.dosingSessionId) ? ` after session ${sessionNo(themes.dosingSessionId)}` : ''}, ${formatDate(themes.sessionDate)}`
              : undefined
          }
        />
      </Stack>
    </Paper>
  );
}
