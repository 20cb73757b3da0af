import { Alert, Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { emergencySettings, emergencySettingsBody } from '../../../contracts/emergency';
import { type ClinicPolicies, clinicPolicies, retentionPolicyBody } from '../../../contracts/policies';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';

const policiesKey = ['admin', 'policies'] as const;

/** One setting, one field, one save button: the typed value stays on an error and the field says what to fix. */
function SettingForm<K extends string>(props: {
  name: K;
  legend: string;
  label: string;
  description: string;
  suffix: string;
  value: number | null;
  min: number;
  max: number;
  schema: Parameters<typeof zodResolver>[0];
  save: (value: number) => Promise<unknown>;
  saved: (value: number) => string;
}) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<Record<K, number | string>>({
    initialValues: { [props.name]: props.value ?? '' } as Record<K, number | string>,
    validate: zodResolver(props.schema),
  });
  const mutation = useMutation({
    mutationFn: (v: Record<K, number | string>) => props.save(Number(v[props.name])),
    onSuccess: (_r, v) => {
      setUnplaced(null);
      form.resetDirty(v);
      void queryClient.invalidateQueries({ queryKey: policiesKey });
      notify({ title: `${props.legend} saved`, message: props.saved(Number(v[props.name])) });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={`${props.name}-h`}>
      <form noValidate aria-label={props.legend} onSubmit={form.onSubmit((v) => mutation.mutate(v))}>
        <Stack gap="sm">
          <Title order={2} size="h4" id={`${props.name}-h`}>
            {props.legend}
          </Title>
          {mutation.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={mutation.error} extra={unplaced} />
          ) : null}
          <Group align="flex-end" gap="sm">
            <NumberInput
              label={props.label}
              description={props.description}
              rightSection={
                <Text size="sm" c="dimmed" pr="xs">
                  {props.suffix}
                </Text>
              }
              rightSectionWidth={72}
              min={props.min}
              max={props.max}
              allowDecimal={false}
              clampBehavior="none"
              required
              style={{ flex: '1 1 280px', maxWidth: 480 }}
              {...form.getInputProps(props.name)}
            />
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
              loading={mutation.isPending}
              disabled={!form.isDirty()}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function RetentionTable({ policies }: { policies: ClinicPolicies }) {
  const r = policies.retention;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="retention-report-h">
      <Stack gap="sm">
        <Title order={2} size="h4" id="retention-report-h">
          What is kept
        </Title>
        <Text size="sm">
          Nothing here deletes a record: the audit log, the controlled-substance ledger and signed clinical
          records are locked by the database at any age. "Past the floor" counts records an administrator may
          consider under the clinic's own policy, outside Liminal. Clinical floors count from each record's
          date; laws that count from the last visit give later dates.
        </Text>
        {r.warnings.map((w) => (
          <Alert key={w} color="yellow" title="Policy below the floor">
            {w}
          </Alert>
        ))}
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder data-testid="retention-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Record</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
                <Table.Th>Oldest</Table.Th>
                <Table.Th>Kept at least</Table.Th>
                <Table.Th ta="right">Past the floor</Table.Th>
                <Table.Th>Locked by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.tables.map((t) => (
                <Table.Tr key={t.table} data-testid="retention-row" data-table={t.table}>
                  <Table.Td>{t.label}</Table.Td>
                  <Table.Td ta="right">{t.rows.toLocaleString()}</Table.Td>
                  <Table.Td>{t.oldest ? formatDate(t.oldest.slice(0, 10)) : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{`${t.floorYears} years`}</Text>
                    <Text size="xs" c="dimmed">
                      {t.source}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{t.pastFloor.toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <IconLock size={14} aria-hidden="true" />
                      <Text size="sm">{t.lockedBy}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

/** Admin: clinic policies — emergency access window (S17), record retention (S18) and the retention report. */
export default function PoliciesPage() {
  const policies = useQuery({
    queryKey: policiesKey,
    queryFn: ({ signal }) => api.get('/api/admin/policies', { schema: clinicPolicies, signal }),
  });
  const p = policies.data;
  return (
    <Stack gap="lg" maw={1100}>
      <PageTitle mb={0}>Clinic policies</PageTitle>
      {policies.isPending ? <Loading label="Loading the clinic's policies" /> : null}
      <ErrorAlert error={policies.error} title="Could not load the clinic's policies" />
      {p ? (
        <>
          <SettingForm
            name="windowMinutes"
            legend="Emergency access window"
            label="Each emergency access window stays open for"
            description="From 5 minutes to 12 hours. Applies to windows opened from now on; every action in a window is flagged in the audit log."
            suffix="minutes"
            value={p.emergencyWindowMinutes}
            min={5}
            max={720}
            schema={emergencySettingsBody}
            save={(windowMinutes) =>
              api.put(
                '/api/admin/emergency-access/settings',
                { windowMinutes },
                { schema: emergencySettings },
              )
            }
            saved={(m) => `Emergency access windows opened from now on stay open ${m} minutes.`}
          />
          <SettingForm
            name="clinicalRecordYears"
            legend="Record retention"
            label="Keep signed clinical records for at least"
            description={`Whole years, at least ${p.clinicalFloorYears} (the floor for clinical records${p.clinicalRecordYears === null ? '; the floor applies until you set a policy' : ''}). The audit log and the ledger keep their own floors.`}
            suffix="years"
            value={p.clinicalRecordYears}
            min={p.clinicalFloorYears}
            max={100}
            schema={retentionPolicyBody}
            save={(clinicalRecordYears) =>
              api.put('/api/admin/policies/retention', { clinicalRecordYears }, { schema: clinicPolicies })
            }
            saved={(y) => `Signed clinical records are now kept at least ${y} years.`}
          />
          <RetentionTable policies={p} />
        </>
      ) : null}
    </Stack>
  );
}
