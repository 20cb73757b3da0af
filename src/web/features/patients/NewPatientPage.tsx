import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createPatientResponse } from '../../../contracts/patients';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { notify } from '../../lib/notify';
import { DemographicsFields } from './DemographicsFields';
import { type DemoValues, emptyDemographics, toDemographicsBody, validateDemographics } from './demographics';

/** A patient record started by hand (most begin from an enquiry instead). */
export default function NewPatientPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<DemoValues>({
    initialValues: { ...emptyDemographics, status: 'intake' },
    validate: validateDemographics,
  });
  const create = useMutation({
    mutationFn: (v: DemoValues) =>
      api.post('/api/patients', toDemographicsBody(v), { schema: createPatientResponse }),
    onSuccess: async (res, v) => {
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
      notify({
        color: 'green',
        title: 'Patient record created',
        message: `${v.firstName} ${v.lastName} is ${res.chartNumber}.`,
      });
      navigate(`/app/patients/${res.id}`);
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  return (
    <Stack gap="lg" maw={1080}>
      <Anchor component={Link} to="/app/patients" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Patients
      </Anchor>
      <div>
        <PageTitle mb={4}>New patient</PageTitle>
        <Text c="dimmed">
          A chart number is given when you save. Intake, screening and consent follow in the chart.
        </Text>
      </div>
      <form noValidate aria-label="New patient" onSubmit={form.onSubmit((v) => create.mutate(v))}>
        <Stack gap="lg">
          {create.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={create.error} extra={unplaced} />
          ) : null}
          <DemographicsFields form={form} withStatus />
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              leftSection={<IconUserPlus size={18} aria-hidden="true" />}
            >
              Create patient
            </Button>
            <Button component={Link} to="/app/patients" variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
