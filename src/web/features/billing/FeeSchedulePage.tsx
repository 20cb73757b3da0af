import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { FeeItem } from '../../../contracts/billing';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { useFeeSchedule, useSaveFee } from './billing-query';
import { fieldErrors, formatCents, toCents } from './money';

function FeeModal({ item, onClose }: { item: FeeItem | 'new'; onClose: () => void }) {
  const save = useSaveFee();
  const f = item === 'new' ? null : item;
  const form = useForm({
    initialValues: {
      code: f?.code ?? '',
      modifiers: f?.modifiers.join(', ') ?? '',
      description: f?.description ?? '',
      unitLabel: f?.unitLabel ?? 'visit',
      price: (f ? f.priceCents / 100 : '') as number | string,
      ndc: f?.ndc ?? '',
      effectiveFrom: f?.effectiveFrom ?? '',
      effectiveTo: f?.effectiveTo ?? '',
      source: f?.id ? f.source : f ? `Clinic fee (code: ${f.source})` : '',
      active: f?.active ?? true,
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        // A shipped example (no id) becomes the clinic's own row.
        id: f?.id ?? null,
        version: f?.version ?? 0,
        body: {
          code: v.code.trim().toUpperCase(),
          modifiers: v.modifiers
            .split(/[\s,]+/)
            .map((m) => m.trim().toUpperCase())
            .filter(Boolean),
          description: v.description,
          unitLabel: v.unitLabel,
          priceCents: toCents(v.price) ?? -1,
          ndc: v.ndc.trim() || null,
          effectiveFrom: v.effectiveFrom,
          effectiveTo: v.effectiveTo || null,
          source: v.source,
          active: v.active,
        },
      },
      { onSuccess: onClose, onError: (err) => form.setErrors(fieldErrors(err, { priceCents: 'price' })) },
    ),
  );
  return (
    <Modal opened onClose={onClose} title={f ? `Set the fee for ${f.code}` : 'Add a code'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <TextInput label="Code" required {...form.getInputProps('code')} />
            <TextInput
              label="Modifiers"
              description="Optional, e.g. 25"
              {...form.getInputProps('modifiers')}
            />
          </Group>
          <TextInput label="Description" required {...form.getInputProps('description')} />
          <Group grow align="flex-start">
            <NumberInput
              label="Price per unit"
              prefix="$"
              decimalScale={2}
              thousandSeparator=","
              required
              {...form.getInputProps('price')}
            />
            <TextInput
              label="One unit is"
              description="visit, injection, 1 mg…"
              {...form.getInputProps('unitLabel')}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Valid from" type="date" required {...form.getInputProps('effectiveFrom')} />
            <TextInput label="Valid until (optional)" type="date" {...form.getInputProps('effectiveTo')} />
          </Group>
          <TextInput label="Default NDC (drugs)" description="11 digits" {...form.getInputProps('ndc')} />
          <TextInput
            label="Source"
            description="Where this fee comes from"
            required
            {...form.getInputProps('source')}
          />
          <Checkbox label="Offered on new charges" {...form.getInputProps('active', { type: 'checkbox' })} />
          <ErrorAlert error={save.error} title="The fee was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save fee
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The admin's fee schedule: the clinic's own fees, and the shipped examples it has not set yet. */
export default function FeeSchedulePage() {
  const q = useFeeSchedule(true);
  const [editing, setEditing] = useState<FeeItem | 'new' | null>(null);
  return (
    <Stack gap="md">
      <PageTitle>Fee schedule</PageTitle>
      {q.isPending ? (
        <Loading label="Loading the fee schedule" />
      ) : q.error ? (
        <ErrorAlert error={q.error} title="Could not load the fee schedule" />
      ) : (
        <>
          <Alert
            color="blue"
            variant="light"
            icon={<IconInfoCircle aria-hidden="true" />}
            title="Your coding, your fees"
          >
            {q.data.ownershipNotice}
          </Alert>
          <Group>
            <Button onClick={() => setEditing('new')}>Add a code</Button>
          </Group>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Price
                  </Table.Th>
                  <Table.Th scope="col">Valid</Table.Th>
                  <Table.Th scope="col">Source</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((i) => (
                  <Table.Tr key={`${i.id ?? 'example'}-${i.code}-${i.effectiveFrom}`} data-testid="fee-row">
                    <Table.Th scope="row" ff="monospace">
                      {i.code}
                      {i.modifiers.length ? `-${i.modifiers.join('-')}` : ''}
                    </Table.Th>
                    <Table.Td>
                      {i.description}
                      <Text size="xs" c="dimmed">
                        per {i.unitLabel}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Stack gap={4} align="flex-end">
                        <Text size="sm">{formatCents(i.priceCents)}</Text>
                        {i.examplePrice ? (
                          <Badge
                            color="yellow"
                            variant="light"
                            c="dark"
                            styles={{ label: { overflow: 'visible' } }}
                          >
                            Example price
                          </Badge>
                        ) : null}
                        {!i.active ? (
                          <Badge color="gray" variant="light" c="dark">
                            Retired
                          </Badge>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {formatDate(i.effectiveFrom)} – {i.effectiveTo ? formatDate(i.effectiveTo) : 'onwards'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{i.source}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(i)}>
                        {i.id ? 'Edit' : 'Set fee'}
                        <VisuallyHidden> {i.code}</VisuallyHidden>
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {editing ? <FeeModal item={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}
