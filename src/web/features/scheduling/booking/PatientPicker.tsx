import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { patientListResponse } from '../../../../contracts/patients';
import { api } from '../../../lib/api';

/** A patient picker that searches the patient list as you type. */
export function PatientPicker({
  value,
  onChange,
  error,
  initialLabel,
}: {
  value: string;
  onChange: (id: string, state: string | null) => void;
  error?: React.ReactNode;
  initialLabel?: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useQuery({
    queryKey: ['patients', 'list', 'picker', q],
    queryFn: ({ signal }) =>
      api.get('/api/patients', {
        query: { q: q || undefined, limit: 20 },
        schema: patientListResponse,
        signal,
      }),
  });
  const patients = list.data?.patients ?? [];
  const data = patients.map((p) => ({
    value: p.id,
    label: `${p.firstName} ${p.lastName} · ${p.chartNumber}`,
  }));
  if (value && initialLabel && !data.some((d) => d.value === value))
    data.unshift({ value, label: initialLabel });
  return (
    <Select
      label="Patient"
      placeholder="Search by name or chart number"
      searchable
      required
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value || null}
      onChange={(id) => onChange(id ?? '', patients.find((p) => p.id === id)?.state ?? null)}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No patient found'}
      filter={({ options }) => options}
      error={error}
    />
  );
}
