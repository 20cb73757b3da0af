import { Button, Checkbox, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFilter } from '@tabler/icons-react';
import { useEffect } from 'react';
import { auditQuery } from '../../../contracts/audit';
import { useMe } from '../../app/session';
import { zodResolver } from '../../components/form';
import { type AuditFilters, emptyFilters, toAuditQuery } from './audit-query';
import { useUsers } from './users-query';

const OUTCOMES = [
  { value: 'allowed', label: 'Allowed' },
  { value: 'denied', label: 'Denied' },
  { value: 'failed', label: 'Failed' },
];

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
          {actorOptions.length > 0 ? (
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
          ) : (
            <TextInput label="Who (user ID)" placeholder="Anyone" {...form.getInputProps('actorId')} />
          )}
          <TextInput
            label="Action"
            placeholder="For example auth.login"
            description="Matches the action name"
            {...form.getInputProps('action')}
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
          <TextInput label="Patient ID" placeholder="Any patient" {...form.getInputProps('patientId')} />
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
