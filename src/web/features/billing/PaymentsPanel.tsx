import {
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { PAYMENT_METHODS } from '../../../domain/billing';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, localToday } from '../../lib/format';
import { type PatientBilling, useRecordPayment, useVoidPayment } from './billing-query';
import { fieldErrors, formatCents, METHOD_LABELS, toCents } from './money';

/** The balance and the payments: record what the patient paid (never beyond the balance), void a mistake. */
export function PaymentsPanel({ patientId, data }: { patientId: string; data: PatientBilling }) {
  const record = useRecordPayment(patientId);
  const voidIt = useVoidPayment(patientId);
  const [voiding, setVoiding] = useState<string | null>(null);
  const form = useForm({
    initialValues: { amount: '' as number | string, method: 'card', receivedOn: localToday(), reference: '' },
  });
  const submit = form.onSubmit((v) =>
    record.mutate(
      {
        amountCents: toCents(v.amount) ?? 0,
        method: v.method,
        receivedOn: v.receivedOn,
        reference: v.reference.trim() || null,
      },
      {
        onSuccess: () => form.setValues({ amount: '', reference: '' }),
        onError: (err) => form.setErrors(fieldErrors(err, { amountCents: 'amount' })),
      },
    ),
  );
  const b = data.balance;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="payments-heading">
      <Stack gap="sm">
        <Title order={3} size="h4" id="payments-heading">
          Balance and payments
        </Title>
        <Group gap="xl" data-testid="balance">
          <Text>
            Charged <strong>{formatCents(b.chargedCents)}</strong>
          </Text>
          <Text>
            Paid <strong>{formatCents(b.paidCents)}</strong>
          </Text>
          <Text>
            Balance <strong>{formatCents(b.balanceCents)}</strong>
          </Text>
        </Group>
        {data.payments.length ? (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Received</Table.Th>
                  <Table.Th scope="col">Method</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col">Recorded by</Table.Th>
                  {data.canWrite ? <Table.Th scope="col">Actions</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{formatDate(p.receivedOn)}</Table.Td>
                    <Table.Td>
                      {p.reversesId ? 'Void' : METHOD_LABELS[p.method]}
                      {p.reference ? ` · ${p.reference}` : ''}
                      {p.voided ? ' (voided)' : ''}
                    </Table.Td>
                    <Table.Td ta="right">{formatCents(p.amountCents)}</Table.Td>
                    <Table.Td>{p.recordedByName ?? '—'}</Table.Td>
                    {data.canWrite ? (
                      <Table.Td>
                        {!p.reversesId && !p.voided ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setVoiding(p.id)}
                          >
                            Void
                          </Button>
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Text size="sm" c="dimmed">
            No payments recorded.
          </Text>
        )}
        {data.canWrite ? (
          <form onSubmit={submit} noValidate aria-label="Record a payment">
            <Group align="flex-end" wrap="wrap">
              <NumberInput
                label="Amount paid"
                prefix="$"
                decimalScale={2}
                thousandSeparator=","
                min={0}
                required
                w={160}
                {...form.getInputProps('amount')}
              />
              <Select
                label="Method"
                data={PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] ?? m }))}
                allowDeselect={false}
                w={160}
                {...form.getInputProps('method')}
              />
              <TextInput label="Date received" type="date" w={170} {...form.getInputProps('receivedOn')} />
              <TextInput label="Reference (optional)" w={200} {...form.getInputProps('reference')} />
              <Button type="submit" loading={record.isPending}>
                Record payment
              </Button>
            </Group>
          </form>
        ) : null}
        {record.error && !form.errors.amount ? <ErrorAlert error={record.error} /> : null}
      </Stack>
      <ConfirmModal
        opened={voiding !== null}
        title="Void this payment?"
        confirmLabel="Void the payment"
        danger
        loading={voidIt.isPending}
        error={voidIt.error}
        onClose={() => setVoiding(null)}
        onConfirm={() =>
          voiding &&
          voidIt.mutate(
            { paymentId: voiding, reason: 'Recorded by mistake' },
            { onSuccess: () => setVoiding(null) },
          )
        }
      >
        A void entry with the negative amount is added; the payment stays in the record as voided.
      </ConfirmModal>
    </Card>
  );
}
