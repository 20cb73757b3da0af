import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconGitCompare } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { clinicalSaved } from '../../../../contracts/patients';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors } from '../../../components/form';
import { SaveRow } from '../../../components/SaveRow';
import { ApiError, api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { PREGNANCY_LABELS, ROUTE_LABELS, SETTING_LABELS } from '../labels';
import { OUTCOME, OutcomeBadge } from '../PatientBadges';
import { type Chart, patientKey, refreshChartAndScreening } from '../patient-query';
import { HistoryChecklist } from './HistoryChecklist';
import { AllergiesEditor, DiagnosesEditor, MedicationsEditor } from './IntakeLists';
import { type IntakeValues, intakeValuesOf, toClinicalBody, validateIntake } from './intake';

const options = (map: Record<string, string>, empty: string) => [
  { value: '', label: empty },
  ...Object.entries(map).map(([value, label]) => ({ value, label })),
];

interface Props {
  chart: Chart;
  canEdit: boolean;
  onOpenScreening: () => void;
}

/** Intake: the facts the screening reads, plus diagnoses, medicines and allergies. */
export function IntakeSection({ chart, canEdit, onOpenScreening }: Props) {
  const queryClient = useQueryClient();
  const clinical = chart.clinical;
  const id = chart.patient.id;
  const [version, setVersion] = useState(chart.patient.version);
  const [conflict, setConflict] = useState<number | null>(null);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<IntakeValues>({
    initialValues: clinical ? intakeValuesOf(clinical) : undefined,
    validate: validateIntake,
  });

  // Take in a newer record only while nothing is being edited (never overwrite someone's typing).
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the loaded record's version
  useEffect(() => {
    if (clinical && chart.patient.version !== version && !form.isDirty() && conflict === null) {
      setVersion(chart.patient.version);
      form.setValues(intakeValuesOf(clinical));
      form.resetDirty(intakeValuesOf(clinical));
    }
  }, [chart.patient.version]);

  const save = useMutation({
    mutationFn: ({ values, version: v }: { values: IntakeValues; version: number }) =>
      api.put(`/api/patients/${id}/clinical`, toClinicalBody(values, v), { schema: clinicalSaved }),
    onSuccess: (res, { values }) => {
      setVersion(res.version);
      setConflict(null);
      setUnplaced(null);
      form.resetDirty(values);
      notify({
        color: 'green',
        title: 'Intake saved',
        message: `Screening now reads: ${OUTCOME[res.screening.outcome].label}.`,
      });
      void refreshChartAndScreening(queryClient, id);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        const current = err.body.currentVersion;
        setConflict(typeof current === 'number' ? current : -1);
        void queryClient.invalidateQueries({ queryKey: patientKey(id) });
        return;
      }
      setUnplaced(applyServerErrors(form, err));
    },
  });

  if (!clinical) return null;
  const v = form.getValues();

  const discardMine = () => {
    const latest = queryClient.getQueryData<Chart>(patientKey(id));
    if (latest?.clinical) {
      form.setValues(intakeValuesOf(latest.clinical));
      form.resetDirty(intakeValuesOf(latest.clinical));
      setVersion(latest.patient.version);
    }
    setConflict(null);
    save.reset();
  };

  return (
    <form
      noValidate
      aria-label="Intake"
      onSubmit={form.onSubmit((values) => save.mutate({ values, version }))}
    >
      <Fieldset variant="unstyled" disabled={!canEdit} p={0}>
        <Stack gap="lg">
          <Group justify="space-between">
            <Group gap="sm">
              <Text>Screening from the saved record:</Text>
              <OutcomeBadge outcome={clinical.screening.outcome} />
            </Group>
            <Button variant="subtle" onClick={onOpenScreening}>
              Open screening
            </Button>
          </Group>
          {conflict !== null ? (
            <Alert
              color="yellow"
              variant="light"
              role="alert"
              title="Someone else saved this chart while you were editing"
              icon={<IconGitCompare aria-hidden="true" />}
            >
              <Stack gap="sm">
                <Text size="sm">Your entries are still in the form. Choose whose to keep.</Text>
                <Group gap="sm">
                  {conflict > 0 ? (
                    <Button
                      onClick={() => save.mutate({ values: form.getValues(), version: conflict })}
                      loading={save.isPending}
                    >
                      Save my entries
                    </Button>
                  ) : null}
                  <Button variant="default" onClick={discardMine}>
                    Discard mine and load the saved record
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : save.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={save.error} extra={unplaced} />
          ) : null}

          <Fieldset legend="Body, pregnancy and plan" radius="md">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              <NumberInput
                size="md"
                label="Weight (kg)"
                min={20}
                max={350}
                decimalScale={1}
                {...form.getInputProps('weightKg')}
              />
              <NumberInput
                size="md"
                label="Height (cm)"
                min={90}
                max={250}
                decimalScale={0}
                {...form.getInputProps('heightCm')}
              />
              <NativeSelect
                size="md"
                label="Pregnancy status"
                data={options(PREGNANCY_LABELS, 'Not recorded')}
                {...form.getInputProps('pregnancyStatus')}
              />
              <Radio.Group
                label="Breastfeeding"
                value={v.breastfeeding}
                onChange={(x) => form.setFieldValue('breastfeeding', x as 'yes' | 'no')}
                error={form.errors.breastfeeding}
              >
                <Group gap="lg" mt={8}>
                  <Radio value="no" label="No" />
                  <Radio value="yes" label="Yes" />
                  {v.breastfeeding === '' ? (
                    <Text size="sm" c="dimmed">
                      Not asked yet
                    </Text>
                  ) : null}
                </Group>
              </Radio.Group>
              <NativeSelect
                size="md"
                label="Planned route"
                data={options(ROUTE_LABELS, 'Not decided')}
                {...form.getInputProps('plannedRoute')}
              />
              <NativeSelect
                size="md"
                label="Planned setting"
                data={options(SETTING_LABELS, 'Not decided')}
                {...form.getInputProps('plannedSetting')}
              />
            </SimpleGrid>
          </Fieldset>

          <HistoryChecklist form={form} />
          <DiagnosesEditor form={form} />
          <MedicationsEditor form={form} />
          <AllergiesEditor form={form} />

          {canEdit && conflict === null ? (
            <SaveRow label="Save intake" saving={save.isPending} dirty={form.isDirty()} />
          ) : null}
        </Stack>
      </Fieldset>
    </form>
  );
}
