import {
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { createCourseBody } from '../../../contracts/courses';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api } from '../../lib/api';
import { coursesKey, coursesPath, useTemplates } from './course-query';
import { routeLabel, SETTING_LABELS } from './labels';

/** Common reasons for a course (DOMAIN §1); anything else can be typed. */
const SUGGESTED = [
  'Treatment-resistant depression',
  'Major depressive disorder',
  'Generalized anxiety disorder',
  'Post-traumatic stress disorder',
  'Obsessive-compulsive disorder',
  'Acute suicidal ideation',
];

const schema = createCourseBody.extend({ templateKey: z.string().min(1, 'Choose a template') });

/** Starts a course from one of the clinic's templates. */
export function StartCourseForm({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const templates = useTemplates();
  const qc = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: { templateKey: '', indications: [] as string[], remsEnrolled: false, remsPatientId: '' },
    validate: zodResolver(schema),
  });
  const esketamine =
    templates.data?.templates.find((t) => t.key === form.values.templateKey)?.route === 'esketamine';
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(coursesPath(patientId), {
        templateKey: v.templateKey,
        indications: v.indications,
        ...(esketamine ? { remsEnrolled: v.remsEnrolled, remsPatientId: v.remsPatientId || undefined } : {}),
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="start-course-heading">
      <form noValidate aria-label="Start a course" onSubmit={form.onSubmit((v) => create.mutate(v))}>
        <Stack>
          <Title order={3} size="h4" id="start-course-heading">
            Start a course
          </Title>
          <ErrorAlert error={templates.error} title="Could not load the course templates" />
          <Radio.Group label="Template" required {...form.getInputProps('templateKey')}>
            <Stack gap="sm" mt="xs">
              {(templates.data?.templates ?? []).map((t) => (
                <Radio
                  key={t.key}
                  value={t.key}
                  size="md"
                  label={<Text fw={600}>{t.name}</Text>}
                  description={`${routeLabel(t.route)} · ${SETTING_LABELS[t.setting] ?? t.setting} · ${t.plannedPreparation} preparation, ${t.plannedDosing} dosing, ${t.plannedIntegration} integration sessions. ${t.description}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TagsInput
            size="md"
            label="Indications"
            description="Choose from the list or type one and press Enter."
            data={SUGGESTED}
            placeholder="Type or choose an indication"
            required
            maxTags={6}
            clearable
            {...form.getInputProps('indications')}
          />
          {esketamine ? (
            <Stack gap="xs">
              <Checkbox
                size="md"
                label="The patient is enrolled in the esketamine (Spravato) REMS program"
                {...form.getInputProps('remsEnrolled', { type: 'checkbox' })}
              />
              <TextInput
                label="REMS patient ID (optional)"
                maw={320}
                {...form.getInputProps('remsPatientId')}
              />
            </Stack>
          ) : null}
          {create.error ? <ErrorAlert error={create.error} extra={unplaced} /> : null}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Start the course
            </Button>
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
