import { Alert, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyLedgerErrors, type FieldMap } from './form-errors';
import { ledgerKey } from './ledger-query';

export interface SummaryItem {
  label: string;
  value: ReactNode;
}

interface Props<V, R> {
  title: string;
  onClose: () => void;
  /** What the movement is about (the container, the report), shown on both steps. */
  context?: ReactNode;
  form: UseFormReturnType<V>;
  /** Server field names → this form's fields. */
  fieldMap?: FieldMap;
  /** Exactly what will be recorded, in words. */
  summary: (v: V) => SummaryItem[];
  confirmLabel: string;
  danger?: boolean;
  submit: (v: V) => Promise<R>;
  onRecorded: (result: R, v: V) => void;
  size?: string;
  /** What the review step says about permanence (ledger entries by default). */
  notice?: string;
  children: ReactNode;
}

/** Moves focus to the first field the form or the server flagged. */
function focusFirstError(root: HTMLElement | null) {
  requestAnimationFrame(() => {
    const target = root?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (!target) return;
    if (target.matches('input, select, textarea')) target.focus();
    else target.scrollIntoView({ block: 'center' });
  });
}

/**
 * A movement of controlled stock in two steps: the form, then a summary of exactly what will be recorded
 * with the button that records it (entries are irreversible: UX.md principle 5). A refusal from the server
 * returns to the form with each message next to the field it names, and everything typed kept.
 */
export function MovementDialog<V, R>({
  title,
  onClose,
  context,
  form,
  fieldMap,
  summary,
  confirmLabel,
  danger,
  submit,
  onRecorded,
  size = 'lg',
  notice = 'Ledger entries are permanent: they cannot be edited or deleted. A mistake is corrected by a new entry that refers to this one.',
  children,
}: Props<V, R>) {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const record = useMutation({
    mutationFn: (v: V) => submit(v),
    onSuccess: (result, v) => {
      void queryClient.invalidateQueries({ queryKey: ledgerKey });
      onRecorded(result, v);
    },
    onError: (err) => {
      setUnplaced(applyLedgerErrors(form, err, fieldMap));
      setStep('edit');
    },
  });

  useEffect(() => {
    if (step === 'review') confirmRef.current?.focus();
    else if (record.isError) focusFirstError(formRef.current);
  }, [step, record.isError]);

  const close = () => {
    if (!record.isPending) onClose();
  };
  const showAlert = record.error && !(unplaced && unplaced.length === 0);

  return (
    <Modal opened onClose={close} title={title} size={size} centered closeOnClickOutside={false}>
      {step === 'edit' ? (
        <form
          ref={formRef}
          noValidate
          aria-label={title}
          onSubmit={form.onSubmit(
            () => {
              record.reset();
              setUnplaced(null);
              setStep('review');
            },
            () => focusFirstError(formRef.current),
          )}
        >
          <Stack gap="md">
            {context}
            {showAlert ? (
              <ErrorAlert error={record.error} extra={unplaced} title="Nothing was recorded" />
            ) : null}
            {children}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit">Review</Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="md">
          {context}
          <Text fw={600} id="ledger-review-heading">
            Check what will be recorded
          </Text>
          <Paper withBorder radius="md" p={0}>
            <Table
              verticalSpacing="xs"
              aria-labelledby="ledger-review-heading"
              data-testid="movement-summary"
            >
              <Table.Tbody>
                {summary(form.getValues()).map((item) => (
                  <Table.Tr key={item.label}>
                    <Table.Th scope="row" w="38%" fw={600}>
                      {item.label}
                    </Table.Th>
                    <Table.Td>{item.value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />}>
            {notice}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('edit')} disabled={record.isPending}>
              Back to edit
            </Button>
            <Button
              ref={confirmRef}
              color={danger ? 'red' : undefined}
              loading={record.isPending}
              onClick={() => record.mutate(form.getValues())}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
