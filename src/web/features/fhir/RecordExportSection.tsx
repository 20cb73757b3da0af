import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFileExport, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exportRequestBody, exportStatus } from '../../../contracts/fhir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api } from '../../lib/api';
import { ExportResult } from './ExportResult';
import { exportStatusKey, isRunning, useExportStatus } from './export-query';

/**
 * Staff export a patient's whole record on request (to the patient, another clinician, a lawyer): FHIR
 * NDJSON plus the PDF summary. Each export is a disclosure, so the recipient and purpose are required and
 * recorded in the audit log with who asked; only the staff member who asked can download the files.
 */
export function RecordExportSection({ patientId, patientName }: { patientId: string; patientName: string }) {
  const queryClient = useQueryClient();
  const [statusUrl, setStatusUrl] = useState<string | null>(null);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const status = useExportStatus(statusUrl);
  const form = useForm({
    initialValues: { recipient: '', purpose: '' },
    validate: zodResolver(exportRequestBody),
  });

  const start = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(`/api/patients/${patientId}/export`, v, { schema: exportStatus }),
    onSuccess: (job) => {
      const url = `/api/patients/${patientId}/export/${job.id}`;
      queryClient.setQueryData(exportStatusKey(url), job);
      setStatusUrl(url);
      setUnplaced(null);
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  const job = status.data;
  const running = start.isPending || isRunning(job);
  return (
    <Stack gap="md" maw={760} data-testid="record-export">
      <Text>
        Export {patientName}&rsquo;s whole record when it is requested: a readable PDF summary and the
        complete record as FHIR R4 files that another clinic&rsquo;s system can import.
      </Text>
      <Alert
        color="blue"
        variant="light"
        icon={<IconInfoCircle aria-hidden="true" />}
        title="This is a disclosure"
      >
        Who receives the record and why are recorded in the audit log with your name. Only you can download
        the files, for 24 hours.
      </Alert>
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="record-export-h">
        <Stack>
          <Title order={2} size="h4" id="record-export-h">
            Export the record
          </Title>
          <form noValidate aria-label="Export the record" onSubmit={form.onSubmit((v) => start.mutate(v))}>
            <Stack>
              {start.error && !(unplaced && unplaced.length === 0) ? (
                <ErrorAlert error={start.error} extra={unplaced} title="Could not start the export" />
              ) : null}
              <TextInput
                label="Recipient"
                description="Who the record goes to, e.g. “the patient, by email” or “Dr. Lee, Bay Psychiatry”"
                autoComplete="off"
                required
                {...form.getInputProps('recipient')}
              />
              <Textarea
                label="Purpose"
                description="Why, e.g. “patient request”, “continuity of care”, “records subpoena no. …”"
                autosize
                minRows={2}
                required
                {...form.getInputProps('purpose')}
              />
              <Group>
                <Button
                  type="submit"
                  loading={running}
                  leftSection={<IconFileExport size={18} aria-hidden="true" />}
                >
                  Export the record
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Paper>
      {statusUrl ? (
        <Paper withBorder p="lg" radius="md" component="section" aria-label="Export files">
          <Stack gap="xs">
            {job ? (
              <Text size="sm" c="dimmed">
                For {job.recipient} — {job.purpose}
              </Text>
            ) : null}
            <ExportResult
              status={job}
              error={status.error}
              onCheckAgain={() => void status.refetch()}
              audience="staff"
            />
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
