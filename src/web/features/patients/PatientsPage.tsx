import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PATIENT_STATUSES } from '../../../contracts/patients';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ageFrom, formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import { stateName } from '../../lib/us-states';
import { PATIENT_STATUS_LABELS } from './labels';
import { PatientStatusBadge } from './PatientBadges';
import { PAGE_SIZE, type PatientStatus, usePatients } from './patient-query';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...PATIENT_STATUSES.map((s) => ({ value: s, label: PATIENT_STATUS_LABELS[s] })),
];

/** Find a patient by name, chart number or date of birth; the list answers as you type. */
export default function PatientsPage() {
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const statusParam = params.get('status') ?? '';
  const status = (PATIENT_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as PatientStatus)
    : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = usePatients(debounced, status, page);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const update = (next: Record<string, string | undefined>, keepPage = false) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!keepPage) p.delete('page');
    setParams(p, { replace: true });
  };

  // The search lives in the address too (back button, shared links), once typing pauses.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives this
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced || undefined });
  }, [debounced]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>Patients</PageTitle>
          <Text c="dimmed">Search by name, chart number or date of birth (YYYY-MM-DD or MM/DD/YYYY).</Text>
        </div>
        {me?.permissions.includes('patients.write') ? (
          <Button
            component={Link}
            to="/app/patients/new"
            leftSection={<IconUserPlus size={18} aria-hidden="true" />}
          >
            New patient
          </Button>
        ) : null}
      </Group>
      <Group align="flex-end" gap="md">
        <TextInput
          label="Search"
          type="search"
          placeholder="Name, chart number or date of birth"
          leftSection={<IconSearch size={18} aria-hidden="true" />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 240 }}
          autoComplete="off"
        />
        <NativeSelect
          label="Status"
          size="md"
          data={STATUS_OPTIONS}
          value={statusParam}
          onChange={(e) => update({ status: e.currentTarget.value || undefined })}
          miw={200}
        />
      </Group>

      <ErrorAlert error={list.error} title="Could not load patients" />
      {list.isPending ? <Loading label="Loading patients" /> : null}
      {list.data ? (
        <>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="patient-count">
            {total === 0
              ? 'No patients match.'
              : `${total} ${total === 1 ? 'patient' : 'patients'}${pages > 1 ? ` · page ${page} of ${pages}` : ''}`}
          </Text>
          {list.data.patients.length > 0 ? (
            <Table.ScrollContainer minWidth={720}>
              <Table
                verticalSpacing="sm"
                highlightOnHover
                style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Chart number</Table.Th>
                    <Table.Th scope="col">Date of birth</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.patients.map((p) => (
                    <Table.Tr key={p.id} data-testid="patient-row">
                      <Table.Th scope="row" fw={600}>
                        <Anchor component={Link} to={`/app/patients/${p.id}`}>
                          {p.lastName}, {p.firstName}
                        </Anchor>
                        {p.preferredName ? (
                          <Text span c="dimmed" size="sm">
                            {' '}
                            ({p.preferredName})
                          </Text>
                        ) : null}
                      </Table.Th>
                      <Table.Td ff="monospace">{p.chartNumber}</Table.Td>
                      <Table.Td>
                        {formatDate(p.dateOfBirth)}{' '}
                        <Text span c="dimmed" size="sm">
                          ({ageFrom(p.dateOfBirth)})
                        </Text>
                      </Table.Td>
                      <Table.Td>{stateName(p.state)}</Table.Td>
                      <Table.Td>
                        <PatientStatusBadge status={p.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          {pages > 1 ? (
            <Pagination
              total={pages}
              value={page}
              onChange={(p) => update({ page: p > 1 ? String(p) : undefined }, true)}
              getControlProps={(control) => ({
                'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
              })}
              getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
            />
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
