import { Alert, List, MultiSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCertificate } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { okSchema } from '../../../../contracts/common';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { SaveRow } from '../../../components/SaveRow';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { stateName } from '../../../lib/us-states';
import { ConfidentialControl } from '../../emergency/ConfidentialControl';
import { type Chart, patientKey, useStaff } from '../patient-query';

const ROLES = [
  { role: 'prescriber', label: 'Prescribers' },
  { role: 'nurse', label: 'Nurses' },
  { role: 'therapist', label: 'Therapists' },
] as const;
type TeamRole = (typeof ROLES)[number]['role'];
type Picks = Record<TeamRole, string[]>;

const picksOf = (team: Chart['careTeam']): Picks => ({
  prescriber: team.filter((m) => m.role === 'prescriber').map((m) => m.userId),
  nurse: team.filter((m) => m.role === 'nurse').map((m) => m.userId),
  therapist: team.filter((m) => m.role === 'therapist').map((m) => m.userId),
});

/** Licensure warnings (DOMAIN §7): a clinician may treat only where they hold a licence. */
export function LicensureWarnings({ chart }: { chart: Chart }) {
  if (chart.licensure.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title="Licensure"
      icon={<IconCertificate aria-hidden="true" />}
      data-testid="licensure-warnings"
    >
      <List size="sm" spacing={2}>
        {chart.licensure.map((w) => (
          <List.Item key={w.code}>{w.message}</List.Item>
        ))}
      </List>
      <Text size="sm" mt={6}>
        The patient lives in {stateName(chart.patient.state)}. Admins record licences under Licences.
      </Text>
    </Alert>
  );
}

/** Who cares for this patient. Licensure is checked against the patient's state as the team changes. */
export function CareTeamSection({ chart, canEdit }: { chart: Chart; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const staff = useStaff();
  const [picks, setPicks] = useState<Picks>(() => picksOf(chart.careTeam));
  const [dirty, setDirty] = useState(false);
  const teamKey = chart.careTeam.map((m) => m.userId).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the saved team unless the user is editing
  useEffect(() => {
    if (!dirty) setPicks(picksOf(chart.careTeam));
  }, [teamKey]);

  const save = useMutation({
    mutationFn: () =>
      api.put(
        `/api/patients/${chart.patient.id}/care-team`,
        { members: ROLES.flatMap(({ role }) => picks[role].map((userId) => ({ userId, role }))) },
        { schema: okSchema },
      ),
    onSuccess: async () => {
      setDirty(false);
      notify({
        color: 'green',
        title: 'Care team saved',
        message: 'Licensure warnings are updated.',
      });
      await queryClient.invalidateQueries({ queryKey: patientKey(chart.patient.id) });
    },
  });

  return (
    <Stack gap="lg">
      <ConfidentialControl patientId={chart.patient.id} />
      {!canEdit ? (
        <Stack gap="xs">
          {chart.careTeam.length === 0 ? <Text>No one is on the care team yet.</Text> : null}
          {ROLES.map(({ role, label }) => {
            const names = chart.careTeam.filter((m) => m.role === role).map((m) => m.name);
            return names.length ? (
              <Text key={role}>
                <strong>{label}:</strong> {names.join(', ')}
              </Text>
            ) : null;
          })}
        </Stack>
      ) : staff.isPending ? (
        <Loading label="Loading staff" />
      ) : staff.error ? (
        <ErrorAlert error={staff.error} title="Could not load the staff list" />
      ) : (
        <form
          noValidate
          aria-label="Care team"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="md">
            <Title order={2} size="h4">
              Care team
            </Title>
            <ErrorAlert error={save.error} />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              {ROLES.map(({ role, label }) => (
                <MultiSelect
                  key={role}
                  size="md"
                  label={label}
                  placeholder={picks[role].length ? undefined : 'Choose…'}
                  data={staff.data.staff
                    .filter((s) => s.role === role)
                    .map((s) => ({ value: s.id, label: s.name }))}
                  value={picks[role]}
                  onChange={(v) => {
                    setPicks((p) => ({ ...p, [role]: v }));
                    setDirty(true);
                  }}
                  searchable
                  nothingFoundMessage="No active staff with this role"
                  comboboxProps={{ withinPortal: true }}
                />
              ))}
            </SimpleGrid>
            <SaveRow label="Save care team" saving={save.isPending} dirty={dirty} />
          </Stack>
        </form>
      )}
    </Stack>
  );
}
