import { Alert, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconGitCompare } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { patientChart, versionResponse } from '../../../../contracts/patients';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors } from '../../../components/form';
import { SaveRow } from '../../../components/SaveRow';
import { ApiError, api } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { notify } from '../../../lib/notify';
import { stateName } from '../../../lib/us-states';
import { DemographicsFields } from '../DemographicsFields';
import {
  DEMO_KEYS,
  type DemoValues,
  demoValuesOf,
  toDemographicsBody,
  validateDemographics,
} from '../demographics';
import { label, PATIENT_STATUS_LABELS, SEX_LABELS } from '../labels';
import { type Chart, patientKey } from '../patient-query';

interface Props {
  chart: Chart;
  canEdit: boolean;
}

/**
 * Demographics with optimistic concurrency: the save carries the version that was loaded. If someone else
 * saved first (409), the form keeps what this user typed and shows, beside each field, what the other person
 * saved; the user chooses whose entries win.
 */
export function DemographicsSection({ chart, canEdit }: Props) {
  if (!canEdit) return <DemographicsView patient={chart.patient} />;
  return <DemographicsEditor chart={chart} />;
}

function DemographicsEditor({ chart }: { chart: Chart }) {
  const queryClient = useQueryClient();
  const id = chart.patient.id;
  const [base, setBase] = useState(chart.patient);
  const [theirs, setTheirs] = useState<Chart['patient'] | null>(null);
  /** After a conflict: fields both people changed (with their value), and fields taken over from them. */
  const [clashes, setClashes] = useState<Partial<Record<keyof DemoValues, string>>>({});
  const [merged, setMerged] = useState<(keyof DemoValues)[]>([]);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<DemoValues>({
    initialValues: demoValuesOf(chart.patient),
    validate: validateDemographics,
  });

  // A newer chart (this user's other saves, a refetch) replaces the form only while nothing is being edited.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the loaded record's version
  useEffect(() => {
    if (chart.patient.version !== base.version && !form.isDirty() && !theirs) {
      setBase(chart.patient);
      form.setValues(demoValuesOf(chart.patient));
      form.resetDirty(demoValuesOf(chart.patient));
    }
  }, [chart.patient.version]);

  const save = useMutation({
    mutationFn: ({ values, version }: { values: DemoValues; version: number }) =>
      api.put(`/api/patients/${id}/demographics`, toDemographicsBody(values, version), {
        schema: versionResponse,
      }),
    onSuccess: async (_res, { values }) => {
      setTheirs(null);
      setClashes({});
      setMerged([]);
      setUnplaced(null);
      form.resetDirty(values);
      notify({ color: 'green', title: 'Saved', message: 'Demographics are up to date.' });
      const fresh = await queryClient.fetchQuery({
        queryKey: patientKey(id),
        queryFn: () => api.get(`/api/patients/${id}`, { schema: patientChart }),
        staleTime: 0,
      });
      setBase(fresh.patient);
      void queryClient.invalidateQueries({ queryKey: patientKey(id) });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409) {
        const fresh = await queryClient.fetchQuery({
          queryKey: patientKey(id),
          queryFn: () => api.get(`/api/patients/${id}`, { schema: patientChart }),
          staleTime: 0,
        });
        // Their changes to fields this user did not touch are taken in; only real clashes are left to choose.
        const before = demoValuesOf(base);
        const after = demoValuesOf(fresh.patient);
        const mine = form.getValues();
        const nextClashes: Partial<Record<keyof DemoValues, string>> = {};
        const taken: (keyof DemoValues)[] = [];
        for (const k of DEMO_KEYS) {
          if (after[k] === before[k]) continue;
          if (mine[k] === before[k]) {
            form.setFieldValue(k, after[k]);
            taken.push(k);
          } else if (mine[k] !== after[k]) nextClashes[k] = after[k];
        }
        setClashes(nextClashes);
        setMerged(taken);
        setTheirs(fresh.patient);
        return;
      }
      setUnplaced(applyServerErrors(form, err));
    },
  });

  const keepMine = () => {
    if (!theirs) return;
    const values = form.getValues();
    if (form.validate().hasErrors) return;
    setBase(theirs);
    save.mutate({ values, version: theirs.version });
  };
  const takeTheirs = () => {
    if (!theirs) return;
    setBase(theirs);
    form.setValues(demoValuesOf(theirs));
    form.resetDirty(demoValuesOf(theirs));
    setTheirs(null);
    setClashes({});
    setMerged([]);
    save.reset();
  };

  return (
    <form
      noValidate
      aria-label="Demographics"
      onSubmit={form.onSubmit((values) => save.mutate({ values, version: base.version }))}
    >
      <Stack gap="lg">
        {theirs ? (
          <Alert
            color="yellow"
            variant="light"
            role="alert"
            title="Someone else changed this record while you were editing"
            icon={<IconGitCompare aria-hidden="true" />}
            data-testid="demographics-conflict"
          >
            <Stack gap="sm">
              <Text size="sm">
                Nothing you typed has been lost: your entries are still in the form.{' '}
                {merged.length
                  ? `Their change${merged.length === 1 ? '' : 's'} to ${merged.map((k) => FIELD_NAMES[k]).join(', ')} ${merged.length === 1 ? 'has' : 'have'} been brought in. `
                  : ''}
                {Object.keys(clashes).length
                  ? 'Where you both changed a field, what they saved is shown underneath it: choose whose entries to keep.'
                  : 'None of your changes clash with theirs: save to keep both.'}
              </Text>
              <Group gap="sm">
                <Button onClick={keepMine} loading={save.isPending}>
                  Save my entries
                </Button>
                <Button variant="default" onClick={takeTheirs}>
                  Discard mine and load theirs
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : save.error && !(unplaced && unplaced.length === 0) ? (
          <ErrorAlert error={save.error} extra={unplaced} />
        ) : null}
        <DemographicsFields form={form} withStatus theirs={theirs ? clashes : undefined} />
        {theirs ? null : <SaveRow label="Save demographics" saving={save.isPending} dirty={form.isDirty()} />}
      </Stack>
    </form>
  );
}

const FIELD_NAMES: Record<keyof DemoValues, string> = {
  firstName: 'first name',
  lastName: 'last name',
  preferredName: 'preferred name',
  dateOfBirth: 'date of birth',
  sexAtBirth: 'sex at birth',
  genderIdentity: 'gender identity',
  email: 'email',
  phone: 'phone',
  addressLine1: 'address line 1',
  addressLine2: 'address line 2',
  city: 'city',
  state: 'state',
  postalCode: 'ZIP code',
  emergencyContactName: 'emergency contact name',
  emergencyContactPhone: 'emergency contact phone',
  emergencyContactRelation: 'emergency contact relationship',
  status: 'status',
};

function Item({ name, value }: { name: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
      <Text fw={500}>{value || '—'}</Text>
    </div>
  );
}

/** For roles that may read but not change demographics. */
function DemographicsView({ patient: p }: { patient: Chart['patient'] }) {
  const address = [p.addressLine1, p.addressLine2, p.city, stateName(p.state), p.postalCode]
    .filter(Boolean)
    .join(', ');
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Read only: your role does not change demographics.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <Item name="Name" value={`${p.firstName} ${p.lastName}`} />
        <Item name="Preferred name" value={p.preferredName} />
        <Item name="Date of birth" value={formatDate(p.dateOfBirth)} />
        <Item name="Sex at birth" value={label(SEX_LABELS, p.sexAtBirth)} />
        <Item name="Gender identity" value={p.genderIdentity} />
        <Item name="Status" value={label(PATIENT_STATUS_LABELS, p.status)} />
        <Item name="Email" value={p.email} />
        <Item name="Phone" value={p.phone} />
        <Item name="Address" value={address} />
        <Item
          name="Emergency contact"
          value={[p.emergencyContactName, p.emergencyContactRelation, p.emergencyContactPhone]
            .filter(Boolean)
            .join(' · ')}
        />
      </SimpleGrid>
    </Stack>
  );
}
