import { Button, Group, type MantineSize, Modal, Stack } from '@mantine/core';
import type { FormEventHandler, ReactNode } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';

/**
 * A dialog holding one form of scheduling setup: the failed save above the fields (unless every field error
 * found its field), Cancel and the submit button below. It cannot be closed while the form is saving.
 * `alert` takes the place of the failed-save alert where a form says more (a clash with someone else's save).
 */
export function FormDialog({
  title,
  size,
  formLabel,
  saving,
  error,
  unplaced,
  alert,
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  size: MantineSize;
  formLabel: string;
  saving: boolean;
  error: unknown;
  unplaced: string[] | null;
  alert?: ReactNode;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={() => !saving && onClose()} title={title} size={size} centered>
      <form noValidate aria-label={formLabel} onSubmit={onSubmit}>
        <Stack>
          {alert ??
            (error && !(unplaced && unplaced.length === 0) ? (
              <ErrorAlert error={error} extra={unplaced} />
            ) : null)}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
