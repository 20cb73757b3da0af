import { Button, Checkbox, Group, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { dayLabel } from '../labels';
import { type AppointmentDetail, useCancelVisit } from '../scheduling-query';

/** Cancelling a visit, with the reason (and an email to the patient unless unticked). */
export function CancelVisitForm({ a, onDone }: { a: AppointmentDetail; onDone: () => void }) {
  const cancel = useCancelVisit();
  const [reason, setReason] = useState('');
  const [tellPatient, setTellPatient] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) {
      setError('Say why the visit is cancelled');
      return;
    }
    try {
      await cancel.mutateAsync({ id: a.id, reason: reason.trim(), notifyPatient: tellPatient });
      notify({ title: 'Visit cancelled', message: `${a.patientName}, ${dayLabel(a.localDate)}` });
      onDone();
    } catch (err) {
      if (isApiError(err)) setError(err.fieldErrors[0]?.message ?? null);
    }
  };
  return (
    <Stack gap="sm" component="section" aria-label="Cancel this visit">
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={300}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={error}
      />
      <Checkbox
        label="Tell the patient by email"
        checked={tellPatient}
        onChange={(e) => setTellPatient(e.currentTarget.checked)}
      />
      <ErrorAlert error={cancel.error && !error ? cancel.error : null} title="The visit was not cancelled" />
      <Group justify="flex-end">
        <Button color="red" onClick={submit} loading={cancel.isPending}>
          Cancel visit
        </Button>
      </Group>
    </Stack>
  );
}
