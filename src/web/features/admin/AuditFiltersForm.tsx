import { Button, Checkbox, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFilter } from '@tabler/icons-react';
import { useEffect } from 'react';
import { auditQuery } from '../../../contracts/audit';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS } from '../../../contracts/audit-actions';
import { zodResolver } from '../../components/form';
import { useMe } from '../../lib/session';
import { type AuditFilters, emptyFilters, toAuditQuery } from './audit-query';
import { useUsers } from './users-query';

const OUTCOMES = [
  { value: 'allowed', label: 'Allowed' },
  { value: 'denied', label: 'Denied' },
  { value: 'failed', label: 'Failed' },
];

/** Every action the server writes, in words, grouped as the clinic thinks of them. */
const ACTION_OPTIONS = AUDIT_ACTION_GROUPS.map(([group, prefixes]) => ({
  group,
  items: Object.entries(AUDIT_ACTION_LABELS)
    .filter(([action]) => prefixes.some((p) => action.startsWith(p)))
    .map(([value, label]) => ({ value, label })),
}));

interface Props {
  value: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

export function AuditFiltersForm({ value, onApply }: Props) {
  const me = useMe().data;
  const users = useUsers(me?.permissions.includes('users.read') ?? false);
  const validateQuery = zodResolver(auditQuery);
  const form = useForm<AuditFilters>({
    initialValues: value,
    validate: (v) => validateQuery(toAuditQuery(v)),
  });

  // Keep the form in step with the address bar (back/forward buttons).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form object is stable
  useEffect(() => form.setValues(value), [value]);

  const actorOptions = (users.data?.users ?? []).map((u) => ({
    value: u.id,
    label: `${u.name} (${u.email})`,
  }));

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Filters">
      <form noValidate aria-label="Filter the audit log" onSubmit={form.onSubmit((v) => onApply(v))}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {/* Staff by name; with no staff list to choose from (still loading, or no right to it) there is no filter. */}
          {actorOptions.length > 0 || form.values.actorId ? (
            <Select
              size="md"
              label="Who"
              placeholder="Anyone"
              data={actorOptions}
              searchable
              clearable
              nothingFoundMessage="No matching user"
              {...form.getInputProps('actorId')}
              onChange={(v) => form.setFieldValue('actorId', v ?? '')}
            />
          ) : null}
          <Select
            size="md"
            label="Action"
            placeholder="Any action"
            data={ACTION_OPTIONS}
            searchable
            clearable
            limit={80}
            nothingFoundMessage="No matching action"
            {...form.getInputProps('action')}
            onChange={(v) => form.setFieldValue('action', v ?? '')}
          />
          <Select
            size="md"
            label="Outcome"
            placeholder="Any outcome"
            data={OUTCOMES}
            clearable
            {...form.getInputProps('outcome')}
            onChange={(v) => form.setFieldValue('outcome', v ?? '')}
          />
          <TextInput
            label="Patient"
            placeholder="Any patient"
            description="Name or chart number"
            autoComplete="off"
            {...form.getInputProps('patient')}
          />
          <TextInput label="From" type="datetime-local" {...form.getInputProps('from')} />
          <TextInput label="To" type="datetime-local" {...form.getInputProps('to')} />
          <Checkbox
            label="Emergency access only"
            description="Entries made inside a break-the-glass window"
            checked={form.values.emergency === 'true'}
            onChange={(e) => form.setFieldValue('emergency', e.currentTarget.checked ? 'true' : '')}
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit" leftSection={<IconFilter size={18} aria-hidden="true" />}>
            Apply filters
          </Button>
          <Button
            variant="default"
            onClick={() => {
              form.setValues(emptyFilters);
              form.clearErrors();
              onApply(emptyFilters);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
