import { Button, Group, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { AuditFiltersForm } from './AuditFiltersForm';
import { AuditTable } from './AuditTable';
import { type AuditFilters, emptyFilters, FILTER_KEYS, useAuditEntries } from './audit-query';
import { VerifyChain } from './VerifyChain';

/** The audit log, newest first, filterable; filters live in the address so a view can be shared. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<AuditFilters>(() => {
    const f = { ...emptyFilters };
    for (const k of FILTER_KEYS) f[k] = params.get(k) ?? '';
    return f;
  }, [params]);

  const audit = useAuditEntries(filters);
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];

  const apply = (next: AuditFilters) => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]) p.set(k, next[k]);
    setParams(p);
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>Audit log</PageTitle>
          <Text c="dimmed">
            Every sign-in, change and access to patient data, newest first. Entries cannot be edited or
            deleted.
          </Text>
        </div>
        <VerifyChain />
      </Group>
      <AuditFiltersForm value={filters} onApply={apply} />
      {filters.patientId ? (
        // A link to one patient's entries (from Today): named, never shown as an id.
        <Group gap="sm">
          <Text size="sm">
            Entries about one patient
            {entries[0]?.patient ? `: ${entries[0].patient}` : ''}.
          </Text>
          <Button size="xs" variant="default" onClick={() => apply({ ...filters, patientId: '' })}>
            Show every patient
          </Button>
        </Group>
      ) : null}
      <ErrorAlert error={audit.error} title="Could not load the audit log" />
      {audit.isPending ? <Loading label="Loading the audit log" /> : null}
      {audit.data ? (
        entries.length === 0 ? (
          <Text>No entries match these filters.</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              Showing {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
              {audit.hasNextPage ? '; older entries are available' : ''}.
            </Text>
            <AuditTable entries={entries} />
          </>
        )
      ) : null}
      {audit.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            leftSection={<IconHistory size={18} aria-hidden="true" />}
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
          >
            Load older
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
